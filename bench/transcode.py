"""Video conversion: how fast, and whether it slows the web down.

    .venv/bin/python bench/transcode.py [--clip-seconds 20] [--seconds 10] [--workers 2] [--connections 16]

1. Speed: ffmpeg makes phone-like clips (1080×1920 HEVC in MOV, as an iPhone records portrait; 1280×720 H.264 MP4),
   and the task's own conversion (campaigns.transcode.convert: H.264/AAC MP4, faststart, ≤720p, poster frames) runs
   on each. Prints seconds of video converted per CPU-second (user + system time of ffmpeg) and per wall-second.
2. Web while converting: vote throughput through gunicorn (production settings, PostgreSQL, Redis; wrk with
   bench/vote_requests.lua via common.run_posts, as bench/votes.py) with the task worker idle, then with
   ``manage.py db_worker`` converting queued entries the whole time. Both scenarios in the same run, on the same
   entries, with distinct votes. The conversions run at ``VIDEO_TRANSCODE_NICE`` (10) below the app servers.

Needs wrk and ffmpeg; creates and drops its own database (BENCH_DATABASE_URL).
"""

import argparse
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ROOT,
    Gunicorn,
    collect_static,
    cpu_check,
    environment,
    flush_redis,
    recreate_database,
    require_wrk,
    run_posts,
    run_wrk,
    setup_django,
)
from votes import RATES, prepare, request_file  # noqa: E402

CLIPS = {
    "1080x1920 HEVC .mov": [
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=1080x1920:rate=30",
        "-c:v",
        "libx265",
        "-preset",
        "ultrafast",
        "-tag:v",
        "hvc1",
        "-x265-params",
        "log-level=none",
        "-f",
        "mov",
    ],
    "1280x720 H.264 .mp4": [
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=1280x720:rate=30",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-f",
        "mp4",
    ],
}


def make_clip(folder, name, seconds):
    path = folder / (name.replace(" ", "_").replace(".", "") + ".bin")
    args = CLIPS[name]
    audio = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac"]
    inputs, codec = args[:4], args[4:]
    subprocess.run(  # noqa: S603
        [
            shutil.which("ffmpeg"),
            "-nostdin",
            "-v",
            "error",
            "-y",
            *inputs,
            *audio,
            "-t",
            str(seconds),
            *codec,
            str(path),
        ],
        check=True,
    )
    return path


def ffmpeg_running():
    out = subprocess.run(["pgrep", "-c", "-x", "ffmpeg"], capture_output=True, text=True).stdout  # noqa: S607
    return int(out.strip() or 0)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def speed(folder, clip_seconds):
    from campaigns.transcode import convert
    from campaigns.videos import read_video_info

    rows = []
    for name in CLIPS:
        source = make_clip(folder, name, clip_seconds)
        info = read_video_info(source)
        out = folder / ("out-" + source.stem)
        out.mkdir()
        cpu, wall = children_cpu(), time.perf_counter()
        mp4, _jpeg, _webp = convert(source, out, info.duration)
        cpu, wall = children_cpu() - cpu, time.perf_counter() - wall
        result = read_video_info(mp4)
        rows.append((name, info.duration, cpu, wall, f"{result.codec} {result.width}x{result.height}"))
    return rows


def queue_conversions(contest, source, count):
    """Entries with an uploaded original, queued for conversion (the database queue, as in production)."""
    from django.core.files import File
    from django.db import transaction

    from campaigns.models import EntryStatus, VideoEntry
    from campaigns.transcode import start_processing

    for i in range(count):
        entry = VideoEntry(contest=contest, title=f"转码{i}", author_name="压测", status=EntryStatus.PENDING)
        with open(source, "rb") as handle, transaction.atomic():
            entry.original.save("original.mov", File(handle), save=False)
            start_processing(entry)
            entry.save()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip-seconds", type=int, default=20, help="length of the clips converted")
    parser.add_argument("--seconds", type=int, default=10, help="wrk time per vote scenario")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--entries", type=int, default=40)
    args = parser.parse_args()
    require_wrk()
    extra = {**RATES, "TASKS_BACKEND": "database"}

    print("Preparing a fresh bench database ...", flush=True)
    recreate_database()
    collect_static()
    flush_redis()
    setup_django(**extra)
    folder = Path(tempfile.mkdtemp(prefix="bench-transcode-"))
    try:
        speed_before = cpu_check()
        rows = speed(folder, args.clip_seconds)
        contests, entries, credentials = prepare(args.users, args.entries)
        rng = random.Random(2022)
        votes = {"idle": [], "converting": []}
        for session, token in credentials:  # each worker backs 3 entries in each scenario: all distinct votes
            picks = rng.sample(entries["spread"], 6)
            votes["idle"] += [(e.pk, session, token) for e in picks[:3]]
            votes["converting"] += [(e.pk, session, token) for e in picks[3:]]
        files = {
            name: request_file(f"/voting/entries/{e}/vote/\t{s}\t{c}" for e, s, c in rng.sample(lines, len(lines)))
            for name, lines in votes.items()
        }
        source = make_clip(folder, "1080x1920 HEVC .mov", args.clip_seconds)
        queue_conversions(contests["hot"], source, 6)

        results = {}
        with Gunicorn(workers=args.workers, **extra) as server:
            run_wrk(server.url + "/healthz", seconds=2, connections=8)
            stats, accepted, refused, failed = run_posts(server.url, files["idle"], args.seconds, args.connections)
            results["idle"] = (accepted / args.seconds, stats, refused, failed)
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
                cwd=ROOT,
                env=environment(**extra),
                start_new_session=True,
                stdout=subprocess.DEVNULL,
            )
            try:
                from campaigns.models import VideoEntry

                deadline = time.monotonic() + 60
                while ffmpeg_running() == 0 and time.monotonic() < deadline:  # the worker has taken a task
                    time.sleep(0.2)
                busy = ffmpeg_running()
                stats, accepted, refused, failed = run_posts(
                    server.url, files["converting"], args.seconds, args.connections
                )
                results["converting"] = (accepted / args.seconds, stats, refused, failed)
                done = VideoEntry.objects.filter(title__startswith="转码", processing="ready").count()
            finally:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        speed_after = cpu_check()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print()
    print(f"1. Conversion speed (campaigns.transcode.convert, {args.clip_seconds}s clips, ffmpeg veryfast, nice 10)")
    header = (
        f"{'source':<22} {'video s':>8} {'CPU s':>7} {'wall s':>7} {'video s/CPU s':>14} {'video s/wall s':>15}  result"
    )
    print(header)
    print("-" * len(header))
    for name, duration, cpu, wall, result in rows:
        print(
            f"{name:<22} {duration:>8.1f} {cpu:>7.1f} {wall:>7.1f} "
            f"{duration / cpu:>14.2f} {duration / wall:>15.2f}  {result}"
        )
    print()
    print(
        f"2. Votes through gunicorn ({args.workers} sync workers, PostgreSQL + Redis), wrk {args.connections} "
        f"connections, {args.seconds}s each; while converting: db_worker running (ffmpeg processes seen: {busy}), "
        f"{done} conversions finished during the run"
    )
    header = f"{'task worker':<12} {'accepted/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'refused':>8} {'5xx':>5}"
    print(header)
    print("-" * len(header))
    for name, (rate, stats, refused, failed) in results.items():
        print(f"{name:<12} {rate:>10.0f} {stats['p50']:>8.1f} {stats['p99']:>8.1f} {refused:>8} {failed:>5}")
    print(
        f"machine speed (two 10^7-addition loops at once; lower is faster): {speed_before:.2f}s before, "
        f"{speed_after:.2f}s after"
    )


if __name__ == "__main__":
    main()
