"""Configuration generator of the partitioning monitor.

Reads system.yaml (plus variant overlays) and a platform file and writes the
constant C tables, linker scripts, per-guest headers, make fragment and
reports the build links into one image.

Layers, each only calling the ones before it:

    load      YAML -> plain dicts/lists that remember the file, line and
              column of every key and value (load.py); overlays merged with
              their provenance kept (merge.py)
    validate  JSON Schema + semantic checks -> frozen dataclass model
              (schema.py, platform.py, validate.py, validate_io.py,
              checks.py, space.py, timing.py, model.py); every check has a
              rule (rules.py)
    allocate  pure computation: physical frames, channel addresses,
              translation tables, GIC register lists, routing map, the
              configuration hash (allocate.py, mmu.py, gic.py, canon.py)
    emit      Jinja2 templates (StrictUndefined) that only loop and format,
              and the SVG report (emit.py, svg.py); the tables are decoded
              back and checked against the model (verify.py) before
              everything is written atomically

User mistakes are reported as `ConfigError` (diag.py) carrying every
diagnostic found, each with its rule id; `assert` is for generator bugs
only. docs.py renders docs/checks.md from the rules.
"""
