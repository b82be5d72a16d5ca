//! The examples shipped in the repository's `data/` folder (File > Open example): where
//! their files are, what the menu calls them, whether they are there.

use crate::demo_root;
use atlas_data::dataset::{DatasetPaths, demo_paths};
use atlas_i18n::T;

/// The examples shipped in the repository's `data/` folder, offered by File > Open example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Example {
    /// The synthetic demo city (`data/demo/`).
    DemoCity,
    /// Berlin's 448 planning areas (old LOR grid) with the population register 2015–2020
    /// (`data/berlin-lor/`, CC BY; the metadata-free tidy table).
    BerlinPlanningAreas,
    /// Berlin's social monitoring (MSS 2017 edition, data year 2016) on the same 448 planning
    /// areas (`data/berlin-mss/`, CC BY): the index indicators and the arrival context.
    BerlinSocialMonitoring,
}

impl Example {
    pub const ALL: [Example; 3] = [
        Example::DemoCity,
        Example::BerlinPlanningAreas,
        Example::BerlinSocialMonitoring,
    ];

    /// The example's files under `root` (see [`demo_root`]).
    pub fn paths(self, root: &std::path::Path) -> DatasetPaths {
        match self {
            Example::DemoCity => demo_paths(root),
            Example::BerlinPlanningAreas => {
                let dir = root.join("data").join("berlin-lor");
                DatasetPaths {
                    boundaries: dir.join("berlin_planungsraeume_bis2020.geojson"),
                    table: Some(dir.join("berlin_einwohner_planungsraeume_bis2020.csv")),
                    meta: None,
                }
            }
            // The latest edition on a grid with polygons here (2021 is on the new grid).
            Example::BerlinSocialMonitoring => DatasetPaths {
                boundaries: root
                    .join("data")
                    .join("berlin-lor")
                    .join("berlin_planungsraeume_bis2020.geojson"),
                table: Some(
                    root.join("data")
                        .join("berlin-mss")
                        .join("mss_2017_planungsraeume.csv"),
                ),
                meta: None,
            },
        }
    }

    /// The menu entry.
    pub fn label(self) -> T {
        match self {
            Example::DemoCity => T::ExampleDemoCity,
            Example::BerlinPlanningAreas => T::ExampleBerlinPlanningAreas,
            Example::BerlinSocialMonitoring => T::ExampleBerlinSocialMonitoring,
        }
    }

    /// Whether the example's files are where the program looks for them. Looked up once: the
    /// menu asks in every frame it is open, and a frame does no file I/O.
    pub fn available(self) -> bool {
        static FOUND: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
        let found = FOUND.get_or_init(|| {
            let root = demo_root();
            Example::ALL
                .iter()
                .map(|e| {
                    let p = e.paths(&root);
                    p.boundaries.is_file() && p.table.as_ref().is_none_or(|t| t.is_file())
                })
                .collect()
        });
        Example::ALL
            .iter()
            .position(|&e| e == self)
            .and_then(|i| found.get(i).copied())
            .unwrap_or(false)
    }
}
