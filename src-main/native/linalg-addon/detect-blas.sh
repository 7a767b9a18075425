#!/bin/sh
# Prints the linker flags for LAPACK/BLAS on Linux: OpenBLAS (which bundles LAPACK) when
# present, else the reference/alternatives libraries (-llapack -lblas).
for dir in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
  if [ -e "$dir/libopenblas.so" ]; then echo "-lopenblas"; exit 0; fi
done
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openblas; then
  pkg-config --libs openblas; exit 0
fi
echo "-llapack -lblas"
