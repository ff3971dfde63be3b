"""helixgate.sources: which files a directory holds, and reading them as text.

interfaces.md: in a directory every *.yaml, *.yml and *.json file is read;
--max-file-size makes larger files input errors of kind `limit`.
"""

from __future__ import annotations

import codecs
import os
import threading
from pathlib import Path

import pytest

from helixgate.errors import InputError
from helixgate.loader import load
from helixgate.sources import Source, decode, discover, read_text


def _names(found: list[Source | InputError], top: Path) -> list[str]:
    assert all(isinstance(f, Source) for f in found), found
    return [Path(f.name).relative_to(top).as_posix() for f in found if isinstance(f, Source)]


def _touch(top: Path, *relative: str) -> None:
    for name in relative:
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a: 1\n", encoding="utf-8")


def test_directory_walk_is_recursive_and_reads_only_yaml_yml_and_json(tmp_path):
    _touch(
        tmp_path,
        "a.yaml",
        "b.yml",
        "c.json",
        "notes.txt",
        "README.md",
        "x.yaml.bak",
        "deep/er/still/d.yaml",
        "deep/e.json",
    )
    names = _names(list(discover([str(tmp_path)])), tmp_path)
    assert sorted(names) == ["a.yaml", "b.yml", "c.json", "deep/e.json", "deep/er/still/d.yaml"]


def test_directory_walk_order_is_sorted_and_does_not_depend_on_creation_order(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _touch(first, "b.yaml", "a.yaml", "z/y.yaml", "m/x.yaml", "c.json")
    _touch(second, "m/x.yaml", "c.json", "a.yaml", "z/y.yaml", "b.yaml")
    names_first = _names(list(discover([str(first)])), first)
    names_second = _names(list(discover([str(second)])), second)
    assert names_first == names_second
    by_folder: dict[str, list[str]] = {}
    for name in names_first:
        folder, _, file = name.rpartition("/")
        by_folder.setdefault(folder, []).append(file)
    assert all(files == sorted(files) for files in by_folder.values())
    assert names_first.index("m/x.yaml") < names_first.index("z/y.yaml")


def test_hidden_folders_are_skipped(tmp_path):
    _touch(
        tmp_path,
        "visible.yaml",
        ".git/config.yaml",
        ".github/workflows/ci.yml",
        "sub/.cache/x.json",
    )
    assert _names(list(discover([str(tmp_path)])), tmp_path) == ["visible.yaml"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symlink_loop_does_not_hang_the_walk(tmp_path):
    _touch(tmp_path, "a.yaml", "sub/b.yaml")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")  # a link that points at itself
    found: list[Source | InputError] = []
    walker = threading.Thread(target=lambda: found.extend(discover([str(tmp_path)])), daemon=True)
    walker.start()
    walker.join(timeout=10)
    assert not walker.is_alive(), "the walk did not finish"
    sources = [f for f in found if isinstance(f, Source)]
    names = [Path(s.name).relative_to(tmp_path).as_posix() for s in sources]
    assert "a.yaml" in names
    assert "sub/b.yaml" in names
    assert len(names) == len(set(names))
    assert len(names) <= 3


def test_files_named_on_the_command_line_are_kept_in_the_order_given(tmp_path):
    _touch(tmp_path, "z.yaml", "a.yaml")
    given = [str(tmp_path / "z.yaml"), str(tmp_path / "a.yaml")]
    assert [s.name for s in discover(given) if isinstance(s, Source)] == given


def test_a_file_named_on_the_command_line_is_read_whatever_its_suffix(tmp_path):
    _touch(tmp_path, "manifest.txt")
    found = list(discover([str(tmp_path / "manifest.txt")]))
    assert [type(f) for f in found] == [Source]


def test_a_missing_path_is_an_input_error(tmp_path):
    found = list(discover([str(tmp_path / "nope.yaml")]))
    assert len(found) == 1
    assert isinstance(found[0], InputError)
    assert found[0].source == str(tmp_path / "nope.yaml")


def test_dash_names_standard_input():
    (found,) = list(discover(["-"]))
    assert isinstance(found, Source)
    assert found.name == "-"
    assert found.path is None


# --------------------------------------------------------------------------
# Reading


def test_a_file_over_the_size_limit_is_a_limit_error(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"# padding\n" * 20)
    with pytest.raises(InputError) as caught:
        read_text(Source(str(path), path), max_size=path.stat().st_size - 1)
    assert caught.value.kind == "limit"
    assert caught.value.source == str(path)


def test_a_file_exactly_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"a: 1\n")
    assert read_text(Source(str(path), path), max_size=5) == "a: 1\n"


def test_non_utf8_bytes_are_a_syntax_error_with_their_line():
    raw = b"apiVersion: helixgate/v1\nkind: TransferManifest\nname: Caf\xe9 Lab\n"
    with pytest.raises(InputError) as caught:
        decode(raw, "latin1.yaml")
    assert caught.value.kind == "syntax"
    assert caught.value.location.line == 3
    assert caught.value.location.column == 10


def test_a_utf8_bom_is_read_and_dropped():
    text = decode(codecs.BOM_UTF8 + "name: Café\n".encode(), "bom.yaml")
    assert text == "name: Café\n"
    assert next(load("bom.yaml", text, False)).data == {"name": "Café"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read(encoding):
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    raw = bom + "name: Café\ncountry: 'NO'\n".encode(encoding)
    text = decode(raw, "wide.yaml")
    assert next(load("wide.yaml", text, False)).data == {"name": "Café", "country": "NO"}


def test_a_json_file_with_a_utf8_bom_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + b'{"a": 1}')
    source = Source(str(path), path)
    assert source.is_json
    assert next(load(source.name, read_text(source), source.is_json)).data == {"a": 1}
