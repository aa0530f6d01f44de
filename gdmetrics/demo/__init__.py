"""The demo data generator: a deterministic GD database for 2004-2006, and its CLI command."""

from gdmetrics.demo.build import DemoParams, build_demo
from gdmetrics.demo.command import register

__all__ = ["DemoParams", "build_demo", "register"]
