#!/usr/bin/env python3
"""Renders a narrated-slides film from its Swedish captions.

Usage: python3 render.py <film-id> [<film-id> ...]

Each caption cue becomes a slide, shown for the cue's time, and is spoken by espeak-ng's
Swedish voice starting at the cue's start time. Needs ffmpeg and espeak-ng (Debian packages).
Editors run this when a film's script changes; the server never does.
"""

import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TIME = re.compile(r"(?:(\d+):)?(\d+):(\d+)\.(\d{3})")


def seconds(text: str) -> float:
    h, m, s, ms = TIME.fullmatch(text.strip()).groups()
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def cues(vtt: pathlib.Path):
    blocks = vtt.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        lines = [line for line in block.strip().splitlines() if line.strip()]
        for i, line in enumerate(lines):
            if "-->" in line:
                start, end = line.split("-->")
                yield seconds(start), seconds(end.split()[0]), lines[i + 1 :]
                break


def render(film_id: str) -> None:
    meta = tomllib.loads((HERE / f"{film_id}.toml").read_text(encoding="utf-8"))
    duration = meta["duration_seconds"]
    title = meta["sv"]["title"]
    items = list(cues(HERE / f"{film_id}.sv.vtt"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        filters, audio_inputs = [], []
        title_file = tmp / "title.txt"
        title_file.write_text(title, encoding="utf-8")
        filters.append(
            f"drawtext=fontfile={FONT}:textfile={title_file}:fontsize=22:fontcolor=0xd8e6ea:"
            "x=(w-text_w)/2:y=32"
        )
        for n, (start, end, lines) in enumerate(items):
            text_file = tmp / f"cue{n}.txt"
            text_file.write_text("\n".join(lines), encoding="utf-8")
            filters.append(
                f"drawtext=fontfile={FONT}:textfile={text_file}:fontsize=30:fontcolor=white:"
                f"line_spacing=10:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,{start},{end})'"
            )
            wav = tmp / f"cue{n}.wav"
            subprocess.run(
                ["espeak-ng", "-v", "sv", "-s", "150", "-w", str(wav), " ".join(lines)], check=True
            )
            audio_inputs.append((wav, start))
        cmd = ["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi",
               "-i", f"color=c=0x1d4e5f:s=640x360:r=12:d={duration}"]
        for wav, _ in audio_inputs:
            cmd += ["-i", str(wav)]
        delays = [
            f"[{i + 1}:a]adelay={int(start * 1000)}:all=1[a{i}]" for i, (_, start) in enumerate(audio_inputs)
        ]
        mix = "".join(f"[a{i}]" for i in range(len(audio_inputs)))
        graph = ";".join(
            [f"[0:v]{','.join(filters)}[v]"] + delays
            + [f"{mix}amix=inputs={len(audio_inputs)}:normalize=0,apad,atrim=0:{duration}[a]"]
        )
        out = HERE / f"{film_id}.webm"
        cmd += ["-filter_complex", graph, "-map", "[v]", "-map", "[a]", "-t", str(duration),
                "-c:v", "libvpx", "-b:v", "60k", "-crf", "30", "-g", "120",
                "-c:a", "libopus", "-b:a", "24k", "-ac", "1", str(out)]
        subprocess.run(cmd, check=True)
        print(f"{out.name}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for film in sys.argv[1:]:
        render(film)
