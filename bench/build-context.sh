#!/usr/bin/env bash
# The build benchmark's context: build-context.sh DIR IMAGE writes DIR/Containerfile (6 steps:
# FROM, RUN, COPY of a 4 MB file, ENV, RUN, CMD) and DIR/data.bin (4 MB of random bytes).
set -euo pipefail
dir=$1 image=$2
mkdir -p "$dir"
head -c 4194304 /dev/urandom >"$dir/data.bin"
cat >"$dir/Containerfile" <<CF
FROM $image
RUN echo one > /one
COPY data.bin /data.bin
ENV BENCH=1
RUN wc -c /data.bin > /size
CMD ["cat", "/size"]
CF
