"""The Standard Safeguarding Dataset (SSD) route into the Hub.

SSD (data-to-insight ``ssd-data-model``) is a DfE-funded standard: one SQL script per case system builds about 48
``ssd_*`` tables in the council's own reporting database. This package reads the tables the Hub needs
(:mod:`cphub.ssd.spec`), maps the case system's descriptions to DfE and Hub codes with per-council value maps
(:mod:`cphub.ssd.valuemaps`), and turns them into the Hub's SSDA903 and local tables (:mod:`cphub.ssd.transform`).
:mod:`cphub.ssd.synth` writes the synthetic demo council as an SSD database, so the route is tested end to end.
Plain Python + Polars (+ SQLAlchemy for database sources); no Django.
"""
