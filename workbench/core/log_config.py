"""The ``[log]`` section of a run config: logs written for other tools, beside the run's own files."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.fields import _f


@dataclass
class LogConfig:
    """Logs for other tools; the run folder's own files are always written."""

    tensorboard: bool = _f(False, "TensorBoard logs", "Also write the losses, metrics, learning rate and "
                           "attention snapshots to the run's tensorboard/ folder, for TensorBoard "
                           "(needs the optional package: pip install \"workbench[tensorboard]\").")
