#!/usr/bin/env python3
"""Real material for the ML images (issue 16), made from Debian 12's own packages (run by scripts/ml-material.sh).

Writes, under OUT (default ~/.cache/condock/ml-material):
  channel/   a local conda channel: python-3.11.x (Debian's CPython laid out as conda's python: bin/python3.11,
             lib/python3.11/..., site-packages) for linux-64 and pip (Debian's pip wheel as a noarch python package)
  base/      an OCI layout, tag "latest": a minimal glibc userland (libc6, libgcc-s1, libstdc++6, zlib, libssl,
             ca-certificates, the shared libraries CPython's extension modules load, busybox as /bin/sh)

Everything is deterministic (sorted entries, fixed mtime/uid/gid, gzip without a timestamp), so the same .debs give
the same channel and the same base digest. Nothing downloaded is committed: the .debs live in OUT/debs.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

MTIME = 1700000000  # fixed: the archives' bytes must not depend on when they were made
PY_DEBS = ["python3.11-minimal", "libpython3.11-minimal", "libpython3.11-stdlib"]
# the shared libraries python3.11 and its lib-dynload modules link (libpython3.11-stdlib's Depends)
PY_LIBS = ["libexpat1", "libffi8", "libbz2-1.0", "liblzma5", "libsqlite3-0", "libuuid1", "libncursesw6",
           "libtinfo6", "libreadline8", "libcrypt1", "libdb5.3", "libnsl2", "libtirpc3", "libgssapi-krb5-2",
           "libkrb5-3", "libk5crypto3", "libkrb5support0", "libcom-err2", "libkeyutils1", "media-types"]
BASE_DEBS = ["libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libssl3", "ca-certificates", "busybox-static"] + PY_LIBS
PIP_WHL_DEB = "python3-pip-whl"
SITECUSTOMIZE = """# condock ml-material: conda's site-packages for Debian's CPython (see scripts/ml_material.py)
import os, site, sys
_sp = os.path.join(sys.prefix, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")
if _sp not in sys.path:
    site.addsitedir(_sp)  # appended after the stdlib, where site puts site-packages
"""


def sh(*cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def download(debs_dir: Path, names):
    """apt-get download each package not yet in debs_dir (cached by package name)."""
    debs_dir.mkdir(parents=True, exist_ok=True)
    have = {p.name.split("_")[0] for p in debs_dir.glob("*.deb")}
    missing = [n for n in names if n not in have]
    if missing:
        print("ml-material: apt-get download " + " ".join(missing), file=sys.stderr)
        sh("apt-get", "download", "-q", *missing, cwd=debs_dir)
    return {p.name.split("_")[0]: p for p in debs_dir.glob("*.deb")}


def extract(debs, names, dest: Path):
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for n in names:
        sh("dpkg-deb", "-x", str(debs[n]), str(dest))


def field(deb: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), name], check=True, capture_output=True, text=True).stdout.strip()


def sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def write_atomic(path: Path, data: bytes):
    tmp = path.with_name(path.name + ".tmp-%d" % os.getpid())
    tmp.write_bytes(data)
    os.replace(tmp, path)


def tar_bytes(members, compression):
    """members: sorted list of (name, kind, data_or_target, mode); kind: file|symlink|dir."""
    buf = io.BytesIO()
    mode = "w:bz2" if compression == "bz2" else "w"
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.PAX_FORMAT) as t:
        for name, kind, data, m in members:
            ti = tarfile.TarInfo(name)
            ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname, ti.mode = MTIME, 0, 0, "", "", m
            if kind == "file":
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
            elif kind == "symlink":
                ti.type, ti.linkname = tarfile.SYMTYPE, data
                t.addfile(ti)
            else:
                ti.type = tarfile.DIRTYPE
                t.addfile(ti)
    return buf.getvalue()


def conda_package(files, index, link=None):
    """files: {relpath: (kind, data_or_target, mode)} -> .tar.bz2 bytes with info/index.json, paths.json, files."""
    paths = []
    for p in sorted(files):
        kind, data, _ = files[p]
        if kind == "file":
            paths.append({"_path": p, "path_type": "hardlink", "sha256": sha256(data), "size_in_bytes": len(data)})
        else:
            paths.append({"_path": p, "path_type": "softlink"})
    info = {
        "info/index.json": json.dumps(index, indent=2, sort_keys=True).encode(),
        "info/paths.json": json.dumps({"paths": paths, "paths_version": 1}, indent=2).encode(),
        "info/files": ("\n".join(sorted(files)) + "\n").encode(),
    }
    if link:
        info["info/link.json"] = json.dumps(link, indent=2, sort_keys=True).encode()
    members = [(k, "file", v, 0o644) for k, v in sorted(info.items())]
    members += [(p, files[p][0], files[p][1], files[p][2]) for p in sorted(files)]
    return tar_bytes(members, "bz2")


def walk(root: Path):
    """{relpath: (kind, data, mode)} for every file and symlink under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for n in sorted(filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
            full = Path(dirpath, n)
            rel = full.relative_to(root).as_posix()
            if full.is_symlink():
                out[rel] = ("symlink", os.readlink(full), 0o777)
            else:
                mode = 0o755 if os.access(full, os.X_OK) else 0o644
                out[rel] = ("file", full.read_bytes(), mode)
    return out


def python_package(debs, work: Path):
    x = work / "python-x"
    extract(debs, PY_DEBS, x)
    deb_version = field(debs["python3.11-minimal"], "Version")  # e.g. 3.11.2-6+deb12u6
    upstream, _, debian_rev = deb_version.partition("-")
    build = "debian_" + "".join(c if c.isalnum() else "_" for c in debian_rev) + "_0"
    files = {"bin/python3.11": ("file", (x / "usr/bin/python3.11").read_bytes(), 0o755),
             "bin/python3": ("symlink", "python3.11", 0o777),
             "bin/python": ("symlink", "python3.11", 0o777)}
    for rel, v in walk(x / "usr/lib/python3.11").items():
        if "/__pycache__/" in "/" + rel or rel.startswith("test/") or rel.endswith(".pyc"):
            continue
        files["lib/python3.11/" + rel] = v
    # Debian's site (frozen into the interpreter, so site.py cannot be patched) only looks in
    # <prefix>/lib/python3.11/site-packages inside a venv; conda's python always does, and condock installs wheels
    # there. sitecustomize (Debian's is a link into /etc) adds it, .pth files included, before anything else runs.
    files["lib/python3.11/sitecustomize.py"] = ("file", SITECUSTOMIZE.encode(), 0o644)
    files["lib/python3.11/site-packages/README.txt"] = (
        "file", b"This directory exists so that 3rd party packages can be installed here.  Read the source for\n"
                b"site.py for more details.\n", 0o644)
    index = {"name": "python", "version": upstream, "build": build, "build_number": 0, "depends": [],
             "constrains": [], "subdir": "linux-64", "platform": "linux", "arch": "x86_64", "license": "PSF-2.0",
             "timestamp": MTIME * 1000}
    return index, conda_package(files, index)


def pip_package(debs, work: Path):
    x = work / "pip-x"
    extract(debs, [PIP_WHL_DEB], x)
    whl = next((x / "usr/share/python-wheels").glob("pip-*.whl"))
    version = whl.name.split("-")[1]
    import zipfile
    files = {}
    with zipfile.ZipFile(whl) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            name = info.filename
            data = z.read(info)
            if name.endswith(".dist-info/INSTALLER"):
                data = b"conda\n"
            files["site-packages/" + name] = ("file", data, 0o644)
    index = {"name": "pip", "version": version, "build": "pyhd_debian_0", "build_number": 0,
             "depends": ["python >=3.7"], "constrains": [], "subdir": "noarch", "noarch": "python",
             "license": "MIT", "timestamp": MTIME * 1000}
    link = {"noarch": {"type": "python", "entry_points": ["pip = pip._internal.cli.main:main",
                                                         "pip3 = pip._internal.cli.main:main"]},
            "package_metadata_version": 1}
    return index, conda_package(files, index, link)


def write_channel(out: Path, pkgs):
    """pkgs: [(index, bytes)] -> out/channel/<subdir>/{fn, repodata.json}; every subdir gets a repodata.json."""
    chan = out / "channel"
    by_subdir = {"linux-64": {}, "noarch": {}}
    for index, data in pkgs:
        sub = chan / index["subdir"]
        sub.mkdir(parents=True, exist_ok=True)
        fn = "%s-%s-%s.tar.bz2" % (index["name"], index["version"], index["build"])
        write_atomic(sub / fn, data)
        rec = dict(index)
        rec.update({"md5": hashlib.md5(data).hexdigest(), "sha256": sha256(data), "size": len(data)})
        by_subdir[index["subdir"]][fn] = rec
    for subdir, recs in by_subdir.items():
        (chan / subdir).mkdir(parents=True, exist_ok=True)
        repodata = {"info": {"subdir": subdir}, "packages": recs, "packages.conda": {}, "repodata_version": 1}
        write_atomic(chan / subdir / "repodata.json", json.dumps(repodata, indent=2, sort_keys=True).encode())


def base_layout(debs, work: Path, out: Path):
    """A one-layer OCI layout (tag latest) of the Debian userland: the stand-in for a base's OS layers."""
    root = work / "base-x"
    extract(debs, BASE_DEBS, root)
    for d in ["usr/share/doc", "usr/share/man", "usr/share/lintian", "usr/share/info", "usr/share/locale"]:
        shutil.rmtree(root / d, ignore_errors=True)
    (root / "bin").mkdir(exist_ok=True)
    os.symlink("busybox", root / "bin/sh")
    for d in ["tmp", "root", "etc", "dev", "proc", "sys"]:
        (root / d).mkdir(exist_ok=True)
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n")
    (root / "etc/group").write_text("root:x:0:\nnogroup:x:65534:\n")
    # ca-certificates' postinst would make the bundle; the same concatenation, sorted, without running it
    certs = sorted((root / "usr/share/ca-certificates").rglob("*.crt"))
    (root / "etc/ssl/certs").mkdir(parents=True, exist_ok=True)
    (root / "etc/ssl/certs/ca-certificates.crt").write_bytes(b"".join(c.read_bytes() for c in certs))
    members = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        for n in dirnames + filenames:
            full = Path(dirpath, n)
            rel = n if rel_dir == "." else rel_dir + "/" + n
            if full.is_symlink():
                members.append((rel, "symlink", os.readlink(full), 0o777))
            elif full.is_dir():
                members.append((rel + "/", "dir", None, 0o1777 if rel == "tmp" else 0o755))
            else:
                mode = 0o755 if os.access(full, os.X_OK) else 0o644
                members.append((rel, "file", full.read_bytes(), mode))
    members.sort(key=lambda m: m[0])
    layer = tar_bytes(members, None)
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0, compresslevel=6) as g:
        g.write(layer)
    layer_gz = gz.getvalue()
    config = {"architecture": "amd64", "os": "linux",
              "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                         "Cmd": ["/bin/sh"]},
              "rootfs": {"type": "layers", "diff_ids": ["sha256:" + sha256(layer)]},
              "history": [{"created_by": "condock scripts/ml_material.py: Debian " + " ".join(BASE_DEBS)}]}
    config_b = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                           "digest": "sha256:" + sha256(config_b), "size": len(config_b)},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                            "digest": "sha256:" + sha256(layer_gz), "size": len(layer_gz)}]}
    manifest_b = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    base = out / "base"
    tmp = out / ("base.tmp-%d" % os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    blobs = tmp / "blobs/sha256"
    blobs.mkdir(parents=True)
    for b in (layer_gz, config_b, manifest_b):
        (blobs / sha256(b)).write_bytes(b)
    (tmp / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + sha256(manifest_b),
        "size": len(manifest_b), "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}
    (tmp / "index.json").write_text(json.dumps(index, sort_keys=True))
    shutil.rmtree(base, ignore_errors=True)
    os.replace(tmp, base)
    return "sha256:" + sha256(manifest_b)


def main():
    out = Path(sys.argv[1]).expanduser().absolute()
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / "done.json"
    if stamp.exists():
        print(stamp.read_text().strip())
        return
    work = out / "work"
    debs = download(out / "debs", sorted(set(PY_DEBS + BASE_DEBS + [PIP_WHL_DEB])))
    pkgs = [python_package(debs, work), pip_package(debs, work)]
    write_channel(out, pkgs)
    digest = base_layout(debs, work, out)
    shutil.rmtree(work)
    summary = {"channel": str(out / "channel"), "base": "oci:" + str(out / "base") + ":latest",
               "base_digest": digest, "python": pkgs[0][0]["version"] + "-" + pkgs[0][0]["build"],
               "pip": pkgs[1][0]["version"]}
    write_atomic(stamp, (json.dumps(summary, sort_keys=True) + "\n").encode())
    print(stamp.read_text().strip())


if __name__ == "__main__":
    main()
