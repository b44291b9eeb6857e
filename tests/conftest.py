import os

# Qt runs offscreen in tests (no display on CI)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
