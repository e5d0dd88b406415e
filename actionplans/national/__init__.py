"""The national view (`actionplans national SOURCES --output DIR`): every partnership's
published open data joined up in one site.

By role: ``settings`` (data/national.yaml and the starter lists every site begins with),
``sources`` (the SOURCES file, fetching a site's open data with limits, validating it),
``guard`` (every incoming text through the personal-data patterns and the name detector),
``model`` (reviews, agencies, topics and national recommendations across sources),
``lessons`` (repeated lessons: similar recommendations grouped), ``opendata`` (the nation's
JSON and CSV), ``pages`` (the pages, rendered by the theme's Jinja environment) and ``build``
(the stages in order, written atomically)."""
