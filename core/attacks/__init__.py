"""Attacks on a release: membership inference and attribute inference, each judged against a
baseline and a control set."""
