"""What changed and what is accepted: finding fingerprints, ``diff``, baselines and SARIF.

* ``fingerprint.py`` — a finding's identity across runs (app + scenario + rule + api + category + caller + phase).
* ``model.py`` / ``sources.py`` — finding sets from stored runs, stored suite runs, findings.json / summary.json.
* ``diff.py`` / ``render.py`` — new, fixed, unchanged, changed severity; table, JSON, HTML.
* ``baseline.py`` — reviewed files of accepted findings (reason, who, until when).
* ``sarif.py`` — SARIF 2.1.0 for code-scanning dashboards.
"""
