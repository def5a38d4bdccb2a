import io

import pandas as pd

from beltatlas.export import csv_bytes


def test_csv_starts_with_a_bom_and_round_trips_chinese():
    frame = pd.DataFrame({"省份": ["广东", "浙江"], "规模": [1.5, 2.0]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, frame)
