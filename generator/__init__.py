"""Configuration generator of the partitioning monitor.

Reads system.yaml and a platform file and writes the constant C tables,
linker scripts and make fragment the build links into one image.

Layers, each only calling the ones before it:

    load      YAML -> plain dicts/lists that remember the line and column of
              every key and value (load.py)
    validate  JSON Schema + semantic checks -> frozen dataclass model
              (schema.py, platform.py, validate.py, model.py)
    allocate  pure computation: physical frames, translation tables, GIC
              register lists, routing map (allocate.py, mmu.py, gic.py)
    emit      Jinja2 templates (StrictUndefined) that only loop and format,
              written atomically (emit.py)

User mistakes are reported as `ConfigError` (diag.py) carrying every
diagnostic found; `assert` is for generator bugs only.
"""
