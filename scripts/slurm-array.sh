#!/usr/bin/env bash
# Renders a large chronomap manifest on a Slurm cluster: one array task per
# shard, each rendering its fixed 1/N of the figures (chosen by figure name,
# so the split does not change when figures are added elsewhere). Outputs go
# to the manifest's output-dir on a shared filesystem; every file is written
# atomically and each figure keeps its own stamp, so shards never collide and
# a re-submitted array renders only what changed.
#
#   sbatch --array=1-16 scripts/slurm-array.sh data/figures.ini
#
# When the array is done, write the gallery once (everything is up to date,
# so this renders nothing):
#   sbatch --dependency=afterok:<jobid> --wrap "chronomap batch data/figures.ini --gallery"
#
#SBATCH --job-name=chronomap-batch
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --output=chronomap-batch-%A_%a.log
set -euo pipefail
manifest=${1:?usage: sbatch --array=1-N scripts/slurm-array.sh MANIFEST.ini}
: "${SLURM_ARRAY_TASK_ID:?run this with sbatch --array=1-N}"
# The number of shards is the size of the array; shard K counts from 1
# whatever the array's first index (--array=0-15 works too).
shards=${SLURM_ARRAY_TASK_COUNT:?run this with sbatch --array=1-N}
k=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-1} + 1))
chronomap=${CHRONOMAP:-chronomap}
exec "$chronomap" batch "$manifest" --shard "$k/$shards" \
  -j "${SLURM_CPUS_PER_TASK:-1}"
