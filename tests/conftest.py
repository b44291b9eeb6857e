import os
import tempfile

# Qt runs offscreen in tests (no display on CI)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# settings and recovery copies of the editor go to a throw-away folder, never the user's
os.environ.setdefault("LOBBYSIM_CONFIG_DIR", tempfile.mkdtemp(prefix="lobbysim-test-config-"))
