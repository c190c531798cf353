#!/usr/bin/env python3
"""What a reader's tools see in a downloaded document, as JSON on stdout.

PDF (pypdf): pages, text per page, language, title, whether it is tagged (MarkInfo and a
structure tree) and its structure's tag names, bookmarks, and every font with whether it is
embedded. DOCX (python-docx): paragraphs with their style names, tables, pictures with their
alternative text, title and language.
The Rust integration tests run this on what the server sent.
"""
import json
import sys


def pdf(path):
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    fonts = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for _, ref in (resources.get("/Font") or {}).items():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descriptor = None
            if "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            else:
                descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    tags = set()

    def walk(node, depth=0):
        if depth > 200:
            return
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            tags.add(str(node["/S"]))
        if "/K" in node:
            walk(node["/K"], depth + 1)

    tree = root.get("/StructTreeRoot")
    if tree is not None:
        walk(tree.get_object().get("/K"))

    def outline(items):
        out = []
        for item in items:
            if isinstance(item, list):
                out.extend(outline(item))
            else:
                out.append(str(item.title))
        return out

    mark = root.get("/MarkInfo")
    info = reader.metadata or {}
    return {
        "pages": len(reader.pages),
        "text": [p.extract_text() or "" for p in reader.pages],
        "lang": str(root.get("/Lang", "")),
        "title": str(info.get("/Title", "")),
        "marked": bool(mark and mark.get_object().get("/Marked")),
        "struct_tree": tree is not None,
        "tags": sorted(tags),
        "bookmarks": outline(reader.outline),
        "fonts": fonts,
    }


def docx(path):
    import docx as python_docx

    document = python_docx.Document(path)
    styles = document.styles.element
    lang = styles.xpath("string(//w:docDefaults//w:lang/@w:val)")
    return {
        "paragraphs": [[p.style.name, p.text] for p in document.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in document.tables],
        "title": document.core_properties.title,
        "language": document.core_properties.language,
        # Each picture's alternative text and its image's first bytes (PNG or not).
        "pictures": [
            [shape._inline.docPr.get("descr"),
             document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob[:4].hex()]
            for shape in document.inline_shapes
        ],
        "lang": lang,
    }


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps(pdf(path) if kind == "pdf" else docx(path), ensure_ascii=False))
