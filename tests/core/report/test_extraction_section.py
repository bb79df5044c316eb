"""The model-extraction section's words: budgets stated, labels vs class probabilities said as
measured, the GUI line on the stronger copy."""

from core.report.sections.extraction import extraction_section, probabilities_sentence, summary


def point(queries, fidelity):
    return {"queries": queries, "fidelity": fidelity, "fidelity_interval": None, "draws": 3}


def side(stronger="probabilities", budgets=(10, 100, 1000), capped=False):
    return {
        "answers": "labels", "pool_size": 1000, "budgets": list(budgets), "capped": capped,
        "curves": {"pool": [point(b, f) for b, f in zip(budgets, (0.7, 0.85, 0.92), strict=True)]},
        "probability_curves": {
            "pool": [point(b, f) for b, f in zip(budgets, (0.8, 0.91, 0.96), strict=True)]
        },
        "chance_agreement": 0.75, "copy_gain": 0.84, "copy_gain_interval": [0.8, 0.88],
        "queries_for": {"0.9": 1000, "0.95": None},
        "probability_queries_for": {"0.9": 100, "0.95": 1000},
        "copy_gain_by_answers": {"labels": 0.68, "probabilities": 0.84},
        "stronger": stronger, "agreement": 0.96, "advice": "Copying …", "flagged": None,
    }  # fmt: skip


def text(doc):
    return " ".join(getattr(b, "text", "") for b in extraction_section(doc).blocks)


def test_probabilities_are_said_to_make_copying_cheaper_only_when_they_did():
    cheaper = probabilities_sentence({"0.9": 1000, "0.95": None}, {"0.9": 100, "0.95": 3000}, {})
    assert cheaper.startswith("Answering class probabilities as well as labels made copying")
    assert "95% agreement took about 3,000 queries with probabilities, more than the largest " \
        "budget with labels only" in cheaper  # fmt: skip
    same = probabilities_sentence({"0.9": 300, "0.95": None}, {"0.9": 300, "0.95": None}, {})
    assert "did not make copying cheaper" in same
    worse = probabilities_sentence({"0.9": 100}, {"0.9": 300}, {})
    assert "did not make copying cheaper" in worse
    neither = probabilities_sentence({}, {}, {"labels": 0.2, "probabilities": 0.4})
    assert "made copying cheaper" in neither and "0.40 with probabilities" in neither
    assert "not measured" in probabilities_sentence({}, {}, {})


def test_the_section_states_the_budgets_and_who_chose_them():
    asked = {"settings": {"assessment": {"extraction_budgets": [10, 100, 1000]}},
             "before": {"extraction": side()}}  # fmt: skip
    assert "10, 100, 1,000 queries, as asked (the attacker's pool holds 1,000" in text(asked)
    capped = {"before": {"extraction": side(capped=True)}}
    assert "capped at the attacker's pool of 1,000 records" in text(capped)
    assert "Before protection: answering class probabilities as well as labels made" in text(capped)


def test_the_gui_line_follows_the_stronger_copy():
    assert summary({"extraction": side("probabilities")}).startswith(
        "a copy from 1,000 answers (class probabilities) agrees 96%"
    )
    line = summary({"extraction": side("labels")})
    assert "(labels) agrees 92%" in line and "95 % not reached" in line
