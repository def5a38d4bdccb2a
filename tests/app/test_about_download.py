"""The About page's dataset ZIP holds the dataset in view, a user's tables included, even though
Streamlit runs the download's callable later, in a server thread with no session."""

import io
import json
import zipfile

import pandas as pd
from streamlit.runtime.media_file_manager import MediaFileManager

from beltatlas.dataset import Dataset, load_dataset
from tests.app.test_pages import ROOT, open_page


def test_the_dataset_zip_holds_the_users_tables(monkeypatch):
    deferred = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        deferred[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    bundled, _ = load_dataset(ROOT / "data")
    mine = bundled.tables["belt_gmv"].head(7).assign(gmv_yuan=lambda d: d["gmv_yuan"] + 0.5)
    at = open_page("app_pages/about.py")
    at.session_state["_user_dataset"] = Dataset(tables={**dict.fromkeys(bundled.tables), "belt_gmv": mine})
    at.run()
    assert not at.exception

    # Called as the server calls it: after the run, outside any script run or session.
    blob = deferred["beltatlas-dataset.zip"]()
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        package = json.loads(archive.read("datapackage.json"))
        gmv = pd.read_csv(io.BytesIO(archive.read("belt_gmv.csv")), encoding="utf-8-sig")
        belts = pd.read_csv(io.BytesIO(archive.read("belts.csv")), encoding="utf-8-sig")
    classes = {r["name"]: r["provenance"] for r in package["resources"]}
    assert classes["belt_gmv"] == "user" and classes["belts"] != "user"
    assert len(gmv) == 7 and list(gmv["gmv_yuan"]) == list(mine["gmv_yuan"])
    assert len(belts) == len(bundled.tables["belts"])  # the bundled tables the user did not replace
