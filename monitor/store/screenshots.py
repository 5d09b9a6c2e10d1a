"""Pictures of the screen taken during a run: one per UI step, consent transition and dialog.

    from monitor.store.screenshots import add_screenshot, get_screenshots
    add_screenshot(store, run_id, ts, png, label="tap", ui_action_id=7, source="emulator-render")

``source``: ``emulator-render`` (the embedded emulator draws its view hierarchy with Java2D) or
``uiautomator2`` (a real device's screen). Reports show them as thumbnails (``data:`` URIs).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Index, Integer, LargeBinary, String, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from monitor.store.clean import clean
from monitor.store.schema import Base, Id, _run_fk

MAX_PNG = 4 * 1024 * 1024  # a bigger picture is not stored (a phone's full-resolution PNG is ~1-3 MB)


class Screenshot(Base):
    __tablename__ = "screenshots"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(Id, _run_fk())
    ts: Mapped[int] = mapped_column(BigInteger)
    label: Mapped[str] = mapped_column(String(64))
    ui_action_id: Mapped[int | None] = mapped_column(Id, nullable=True)
    source: Mapped[str] = mapped_column(String(32))
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_screenshots_run_ts", "run_id", "ts"),)


def png_size(png: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk (None if it is not a PNG)."""
    if len(png) < 24 or png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def add_screenshot(store: Any, run_id: int, ts: int, png: bytes, *, label: str, ui_action_id: int | None = None,
                   source: str = "device") -> int | None:
    """Store a PNG; returns its id (None: not a PNG, or larger than :data:`MAX_PNG`)."""
    size = png_size(png)
    if size is None or len(png) > MAX_PNG:
        return None
    with Session(store.engine) as s, s.begin():
        return s.execute(insert(Screenshot).values(
            run_id=run_id, ts=ts, label=clean(label, 64), ui_action_id=ui_action_id, source=clean(source, 32),
            width=size[0], height=size[1], png=bytes(png)).returning(Screenshot.id)).scalar_one()


def get_screenshots(store: Any, run_id: int) -> list[Screenshot]:
    with Session(store.engine, expire_on_commit=False) as s:
        return list(s.scalars(select(Screenshot).where(Screenshot.run_id == run_id)
                              .order_by(Screenshot.ts, Screenshot.id)))
