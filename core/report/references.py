"""The literature the report cites, keyed by the short label used in the text."""

from __future__ import annotations

REFERENCES: dict[str, str] = {
    "Sweeney 2002": "L. Sweeney. k-anonymity: a model for protecting privacy. International "
    "Journal of Uncertainty, Fuzziness and Knowledge-Based Systems 10(5):557–570, 2002.",
    "Machanavajjhala 2007": "A. Machanavajjhala, D. Kifer, J. Gehrke, M. Venkitasubramaniam. "
    "ℓ-diversity: privacy beyond k-anonymity. ACM Transactions on Knowledge Discovery from Data "
    "1(1), 2007.",
    "Li 2007": "N. Li, T. Li, S. Venkatasubramanian. t-closeness: privacy beyond k-anonymity and "
    "ℓ-diversity. IEEE International Conference on Data Engineering (ICDE), 2007.",
    "LeFevre 2006": "K. LeFevre, D. J. DeWitt, R. Ramakrishnan. Mondrian multidimensional "
    "k-anonymity. IEEE International Conference on Data Engineering (ICDE), 2006.",
    "Prasser 2014": "F. Prasser, F. Kohlmayer, R. Lautenschläger, K. A. Kuhn. ARX – a "
    "comprehensive tool for anonymizing biomedical data. AMIA Annual Symposium, 2014.",
    "El Emam 2008": "K. El Emam, F. K. Dankar. Protecting privacy using k-anonymity. Journal of "
    "the American Medical Informatics Association 15(5):627–637, 2008.",
    "El Emam 2013": "K. El Emam, L. Arbuckle. Anonymizing Health Data: Case Studies and Methods "
    "to Get You Started. O'Reilly, 2013.",
    "EMA 2018": "European Medicines Agency. External guidance on the implementation of the "
    "European Medicines Agency policy on the publication of clinical data for medicinal products "
    "for human use (Policy 0070), 2018.",
    "Health Canada 2019": "Health Canada. Guidance document on Public Release of Clinical "
    "Information, 2019.",
    "Dwork 2006": "C. Dwork, F. McSherry, K. Nissim, A. Smith. Calibrating noise to sensitivity "
    "in private data analysis. Theory of Cryptography Conference (TCC), 2006.",
    "Dwork 2014": "C. Dwork, A. Roth. The algorithmic foundations of differential privacy. "
    "Foundations and Trends in Theoretical Computer Science 9(3–4), 2014.",
    "Kairouz 2015": "P. Kairouz, S. Oh, P. Viswanath. The composition theorem for differential "
    "privacy. International Conference on Machine Learning (ICML), 2015.",
    "Holohan 2019": "N. Holohan, S. Braghin, P. Mac Aonghusa, K. Levacher. Diffprivlib: the IBM "
    "differential privacy library. arXiv:1907.02444, 2019.",
    "Yeom 2018": "S. Yeom, I. Giacomelli, M. Fredrikson, S. Jha. Privacy risk in machine "
    "learning: analyzing the connection to overfitting. IEEE Computer Security Foundations "
    "Symposium (CSF), 2018.",
    "Shokri 2017": "R. Shokri, M. Stronati, C. Song, V. Shmatikov. Membership inference attacks "
    "against machine learning models. IEEE Symposium on Security and Privacy, 2017.",
    "Carlini 2022": "N. Carlini, S. Chien, M. Nasr, S. Song, A. Terzis, F. Tramèr. Membership "
    "inference attacks from first principles. IEEE Symposium on Security and Privacy, 2022.",
    "Stadler 2022": "T. Stadler, B. Oprisanu, C. Troncoso. Synthetic data – anonymisation "
    "groundhog day. USENIX Security Symposium, 2022.",
    "Giomi 2023": "M. Giomi, F. Boenisch, C. Wehmeyer, B. Tasnádi. A unified framework for "
    "quantifying privacy risk in synthetic data. Proceedings on Privacy Enhancing Technologies "
    "2023(2).",
    "Fredrikson 2015": "M. Fredrikson, S. Jha, T. Ristenpart. Model inversion attacks that "
    "exploit confidence information and basic countermeasures. ACM CCS, 2015.",
    "Wilson 1927": "E. B. Wilson. Probable inference, the law of succession, and statistical "
    "inference. Journal of the American Statistical Association 22(158):209–212, 1927.",
    "Efron 1993": "B. Efron, R. J. Tibshirani. An Introduction to the Bootstrap. Chapman & "
    "Hall, 1993.",
    "McMahan 2017": "H. B. McMahan, E. Moore, D. Ramage, S. Hampson, B. Agüera y Arcas. "
    "Communication-efficient learning of deep networks from decentralized data. AISTATS, 2017.",
    "Gentry 2009": "C. Gentry. Fully homomorphic encryption using ideal lattices. ACM Symposium "
    "on Theory of Computing (STOC), 2009.",
    "Desai 2016": "T. Desai, F. Ritchie, R. Welpton. Five Safes: designing data access for "
    "research. University of the West of England, Economics Working Paper 1601, 2016.",
    "Dinur 2003": "I. Dinur, K. Nissim. Revealing information while preserving privacy. ACM "
    "Symposium on Principles of Database Systems (PODS), 2003.",
}


def cite(*keys: str) -> str:
    """'(Sweeney 2002; El Emam 2008)'; a key missing from REFERENCES raises KeyError."""
    return "(" + "; ".join(k for k in keys if REFERENCES[k]) + ")"
