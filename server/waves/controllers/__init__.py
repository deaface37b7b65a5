"""HTTP for waves: schedule and waves (`waves`), their documents (`documents`), an order's
labels (`labels`) and the work log (`worklog`)."""

from server.waves.controllers.documents import WaveDocumentsController
from server.waves.controllers.labels import OrderLabelsController
from server.waves.controllers.waves import WavesController
from server.waves.controllers.worklog import WorkLogController

__all__ = [
    "OrderLabelsController",
    "WaveDocumentsController",
    "WavesController",
    "WorkLogController",
]
