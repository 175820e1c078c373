"""Build hook: generate the gRPC/protobuf Python code from proto/ at install time.

Generated modules land in safeshift/v1/ (git-ignored) and are never edited by hand.
Works for `pip install .` and `pip install -e .`.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PROTO_ROOT = ROOT / "proto"


def generate_protos() -> None:
    import grpc_tools
    from grpc_tools import protoc

    protos = sorted(str(p.relative_to(PROTO_ROOT)) for p in PROTO_ROOT.rglob("*.proto"))
    include = str(Path(grpc_tools.__file__).parent / "_proto")
    for proto in protos:
        code = protoc.main(
            [
                "grpc_tools.protoc",
                f"-I{PROTO_ROOT}",
                f"-I{include}",
                f"--python_out={ROOT}",
                f"--pyi_out={ROOT}",
                f"--grpc_python_out={ROOT}",
                proto,
            ]
        )
        if code != 0:
            raise SystemExit(f"protoc failed on {proto}")
    for package in {(ROOT / p).parent for p in protos}:
        (package / "__init__.py").write_text('"""Generated from proto/ by the build; do not edit."""\n')


class BuildPyWithProtos(build_py):
    def run(self):
        generate_protos()
        super().run()


# Generate before setuptools looks for packages, so safeshift.v1 is found on a clean clone.
generate_protos()
setup(cmdclass={"build_py": BuildPyWithProtos})
