#!/bin/sh
# layers.sh — ctest's floors check of src/: runs ../shared/tools/layers (beside the
# clone in CI) on SRC_DIR; exit 1 (an include that goes up) fails, and where the tool
# is not there the test is skipped (77).
#   tests/layers.sh TOOL SRC_DIR
tool=$1
src=$2
if [ ! -f "$tool" ]; then
    echo "layers: $tool not found (../shared sits beside the clone in CI): skipped"
    exit 77
fi
exec python3 "$tool" "$src"
