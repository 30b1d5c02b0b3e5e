"""Sufficiency forecast (issue 16): how many children looked after, in which placements, at what cost, over the
next three years, with uncertainty and a built-in backtest. Plain typed Python + Polars + numpy, no Django.

Modules: :mod:`states` (age bands x placement types, the one mapping from SSDA903 codes), :mod:`history`
(monthly snapshots of who was where), :mod:`model` (estimation), :mod:`simulate` (Monte Carlo forward),
:mod:`scenario`, :mod:`costs`, :mod:`capacity`, :mod:`baseline` (the public demand model's day-step flat-rate
method, for comparison), :mod:`backtest`, :mod:`charts` (fan charts), :mod:`section` (panel pack section).
Methods note: ``docs/forecast.md``.
"""
