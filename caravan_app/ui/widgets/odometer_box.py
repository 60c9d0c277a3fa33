"""行驶里程 on 日结: the van's odometer at departure and return for a day,
recorded on its own (a day without any visit is a trip too), kept apart from the book count."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ...services.app import App
from ...services.mileage import MileageWarning
from ..common import confirm
from ..operations import run_now


class OdometerBox(QGroupBox):
    """Two readings (km) and a button; the service checks they never go backwards and asks for
    confirmation above 500 km."""

    def __init__(self, app: App, caravan_id: str, day: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.caravan_id, self.day = app, caravan_id, day
        self.setObjectName("odometer_box")
        self.setTitle(self.tr("Mileage (odometer, km)"))
        self.out_km = self._spin("odometer_out")
        self.back_km = self._spin("odometer_back")
        self.save = QPushButton(self.tr("Record mileage"), self)
        self.save.setObjectName("odometer_save")
        self.save.clicked.connect(self.record)
        self.status = QLabel(self)
        self.status.setObjectName("odometer_status")
        lay = QHBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Departure"), self))
        lay.addWidget(self.out_km)
        lay.addWidget(QLabel(self.tr("Return"), self))
        lay.addWidget(self.back_km)
        lay.addWidget(self.save)
        lay.addWidget(self.status, 1)
        self.load()

    def _spin(self, name: str) -> QSpinBox:
        s = QSpinBox(self)
        s.setObjectName(name)
        s.setRange(0, 9_999_999)
        s.setSpecialValueText(self.tr("not entered"))
        s.setMinimumWidth(110)
        return s

    def load(self) -> None:
        d = self.app.mileage.day(self.caravan_id, self.day())
        if d is not None:
            self.out_km.setValue(d.out_km)
            self.back_km.setValue(d.back_km)
            self.status.setText(self.tr("Recorded: {km} km").format(km=d.km))
        else:
            self.status.setText(self.tr("Not recorded for this day"))

    def pending(self) -> bool:
        """Readings typed in but not recorded (the day close records them first)."""
        a, b = self.out_km.value(), self.back_km.value()
        if not (a and b):
            return False
        d = self.app.mileage.day(self.caravan_id, self.day())
        return d is None or (d.out_km, d.back_km) != (a, b)

    def record(self) -> bool:
        args = (self.day(), self.out_km.value(), self.back_km.value(), self.caravan_id)
        warned: list[MileageWarning] = []

        def over_500(exc: BaseException) -> bool:  # asked below, not shown as a failure
            if isinstance(exc, MileageWarning):
                warned.append(exc)
                return True
            return False

        ok, d = run_now(self, self.app.mileage.record, *args, on_failure=over_500)
        if warned:
            text = self.tr("{km} km in one day is more than 500 km. Are the readings right?").format(km=warned[0].km)
            if not confirm(
                self, text, self.tr("Mileage"), self.tr("Yes, record it"), self.tr("Check again"), risky=True
            ):
                return False
            ok, d = run_now(self, self.app.mileage.record, *args, confirm=True)
        if not ok:
            return False
        self.status.setText(self.tr("Recorded: {km} km").format(km=d.km))
        return True
