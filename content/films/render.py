#!/usr/bin/env python3
"""Makes a narrated slide film, with its captions, from the film's manuscripts.

Usage: python3 render.py [--all] [<film-id> ...]

Without ids, renders every local film whose video is older than its manuscripts or facts file
(--all: every local film). For each `##` section of `<id>.sv.md` the Swedish paragraph is
spoken by espeak-ng while the heading shows as a slide. Each sentence becomes one caption,
timed by the length of its own speech; the English captions follow the same sections, each
sentence getting a share of its section's time by its length. Writes `<id>.webm`,
`<id>.sv.vtt`, `<id>.en.vtt` (when there is an English manuscript) and `duration_seconds` in
`<id>.toml`. Needs ffmpeg and espeak-ng (Debian packages). The server never runs this.
"""

import pathlib
import re
import subprocess
import sys
import tempfile
import textwrap
import tomllib
import wave

HERE = pathlib.Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
LEAD_IN = 0.6  # seconds of quiet before the first word
SENTENCE_GAP = 0.3
SECTION_GAP = 0.8
TAIL = 1.5  # the last slide stays a moment after the last word
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"'«(])")


def sections(manuscript: pathlib.Path) -> list[tuple[str, list[str]]]:
    """The manuscript's sections as (heading, sentences)."""
    text = manuscript.read_text(encoding="utf-8")
    out = []
    for part in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, paragraph = part.partition("\n")
        paragraph = " ".join(paragraph.split())
        out.append((heading.strip(), [s for s in SENTENCE.split(paragraph) if s]))
    return out


def stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"


def write_vtt(path: pathlib.Path, cues: list[tuple[float, float, str]]) -> None:
    blocks = ["WEBVTT"]
    for n, (start, end, text) in enumerate(cues, 1):
        lines = textwrap.wrap(text, 42, break_on_hyphens=False, break_long_words=False)
        blocks.append(f"{n}\n{stamp(start)} --> {stamp(end)}\n" + "\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def speak(text: str, wav_path: pathlib.Path) -> tuple[bytes, float, tuple]:
    subprocess.run(["espeak-ng", "-v", "sv", "-s", "150", "-w", str(wav_path), text], check=True)
    with wave.open(str(wav_path)) as w:
        frames = w.readframes(w.getnframes())
        return frames, w.getnframes() / w.getframerate(), w.getparams()


def render(film_id: str) -> None:
    facts_path = HERE / f"{film_id}.toml"
    facts = tomllib.loads(facts_path.read_text(encoding="utf-8"))
    sv = sections(HERE / f"{film_id}.sv.md")
    en_path = HERE / f"{film_id}.en.md"
    en = sections(en_path) if en_path.exists() else None
    if en is not None and len(en) != len(sv):
        sys.exit(f"{film_id}: the Swedish and English manuscripts have different numbers of sections")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        audio, params, rate = bytearray(), None, 22050
        t = 0.0
        sv_cues, windows = [], []

        def silence(seconds: float) -> None:
            nonlocal t
            audio.extend(b"\0\0" * round(seconds * rate))
            t += seconds

        silence(LEAD_IN)
        for s, (_, sentences) in enumerate(sv):
            section_start = t
            for n, sentence in enumerate(sentences):
                frames, length, params = speak(sentence, tmp / f"s{s}-{n}.wav")
                rate = params.framerate
                sv_cues.append((t, t + length, sentence))
                audio.extend(frames)
                t += length
                silence(SENTENCE_GAP)
            windows.append((section_start, t))
            silence(SECTION_GAP if s + 1 < len(sv) else TAIL)
        duration = t
        narration = tmp / "narration.wav"
        with wave.open(str(narration), "wb") as w:
            w.setparams(params)
            w.writeframes(bytes(audio))

        # Each caption stays until the next one, so short pauses do not make the text flicker.
        sv_cues = [
            (start, sv_cues[n + 1][0] if n + 1 < len(sv_cues) else end, text)
            for n, (start, end, text) in enumerate(sv_cues)
        ]
        write_vtt(HERE / f"{film_id}.sv.vtt", sv_cues)
        if en is not None:
            en_cues = []
            for (start, end), (_, sentences) in zip(windows, en):
                total = sum(len(x) for x in sentences) or 1
                at = start
                for sentence in sentences:
                    share = (end - start) * len(sentence) / total
                    en_cues.append((at, at + share, sentence))
                    at += share
            write_vtt(HERE / f"{film_id}.en.vtt", en_cues)

        # The slides: the film's title on top, each section's heading while it is spoken.
        filters = []
        title_file = tmp / "title.txt"
        title_file.write_text(facts["sv"]["title"], encoding="utf-8")
        filters.append(
            f"drawtext=fontfile={FONT}:textfile={title_file}:fontsize=20:fontcolor=0xd8e6ea:"
            "x=(w-text_w)/2:y=28"
        )
        for s, ((heading, _), (start, _)) in enumerate(zip(sv, windows)):
            end = windows[s + 1][0] if s + 1 < len(sv) else duration
            heading_file = tmp / f"h{s}.txt"
            heading_file.write_text("\n".join(textwrap.wrap(heading, 24)), encoding="utf-8")
            filters.append(
                f"drawtext=fontfile={FONT_BOLD}:textfile={heading_file}:fontsize=38:fontcolor=white:"
                f"line_spacing=12:x=(w-text_w)/2:y=(h-text_h)/2-20:enable='between(t,{start:.3f},{end:.3f})'"
            )
            count_file = tmp / f"c{s}.txt"
            count_file.write_text(f"{s + 1} / {len(sv)}", encoding="utf-8")
            filters.append(
                f"drawtext=fontfile={FONT}:textfile={count_file}:fontsize=16:fontcolor=0xb8ccd2:"
                f"x=w-text_w-24:y=h-text_h-20:enable='between(t,{start:.3f},{end:.3f})'"
            )
        out = HERE / facts["video"]
        subprocess.run(
            ["ffmpeg", "-y", "-loglevel", "error",
             "-f", "lavfi", "-i", f"color=c=0x1d4e5f:s=640x360:r=12:d={duration:.3f}",
             "-i", str(narration),
             "-filter_complex", f"[0:v]{','.join(filters)}[v]",
             "-map", "[v]", "-map", "1:a", "-t", f"{duration:.3f}",
             "-c:v", "libvpx", "-b:v", "60k", "-crf", "30", "-g", "120",
             "-c:a", "libopus", "-b:a", "24k", "-ac", "1", str(out)],
            check=True,
        )
    seconds = round(duration + 0.499)
    text = facts_path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^duration_seconds = \d+$", f"duration_seconds = {seconds}", text)
    facts_path.write_text(text, encoding="utf-8")
    print(f"{film_id}: {seconds} s, {out.stat().st_size // 1024} KB, {len(sv_cues)} captions")


def local_films() -> list[str]:
    ids = []
    for facts in sorted(HERE.glob("*.toml")):
        if "video" in tomllib.loads(facts.read_text(encoding="utf-8")) and \
                (HERE / f"{facts.stem}.sv.md").exists():
            ids.append(facts.stem)
    return ids


def stale(film_id: str) -> bool:
    facts = tomllib.loads((HERE / f"{film_id}.toml").read_text(encoding="utf-8"))
    video = HERE / facts["video"]
    if not video.exists():
        return True
    sources = [HERE / f"{film_id}.{part}" for part in ("sv.md", "en.md")]
    return any(p.exists() and p.stat().st_mtime > video.stat().st_mtime for p in sources)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--all"]:
        films = local_films()
    elif args:
        films = args
    else:
        films = [f for f in local_films() if stale(f)]
        if not films:
            print("every film is up to date with its manuscript")
    for film in films:
        render(film)
