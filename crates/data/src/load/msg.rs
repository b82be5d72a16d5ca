//! What a loader says when a file cannot be read: [`LoadMsg`] (with the values each sentence
//! needs) and where in the file it happened ([`Place`]), in English and German. Warnings and
//! per-feature notes are in `note.rs`.

use atlas_i18n::messages;

messages! {
    /// Where in a file a load failure happened.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Place {
        Line { line: u64 } => "line {line}", "Zeile {line}";
        LineColumn { line: u64, column: u64 } => "line {line}, column {column}", "Zeile {line}, Spalte {column}";
        Feature { index: usize } => "feature {index}", "Objekt {index}";
        Layer { name: String } => "layer '{name}'", "Ebene '{name}'";
    }
}

messages! {
    /// Why a file could not be loaded.
    #[derive(Debug, Clone, PartialEq)]
    pub enum LoadMsg {
        // Reading at all
        CannotRead { detail: String } => "cannot read the file: {detail}", "die Datei kann nicht gelesen werden: {detail}";
        TooLarge { mb: u64, limit: u64, env: &'static str } => "the file has {mb} MB, more than the limit of {limit} MB (set {env} to raise it)", "die Datei hat {mb} MB, mehr als die Grenze von {limit} MB ({env} setzen, um sie zu erhöhen)";
        Empty => "the file is empty", "die Datei ist leer";
        BinaryNotGeojson => "this is a binary file, not GeoJSON", "dies ist eine Binärdatei, kein GeoJSON";
        BinaryNotTable => "this is a binary file, not a CSV table", "dies ist eine Binärdatei, keine CSV-Tabelle";
        // Formats and archives
        Unsupported { format: &'static str } => "{format} is not supported; export it as GeoJSON, GeoPackage or shapefile", "{format} wird nicht unterstützt; als GeoJSON, GeoPackage oder Shapefile exportieren";
        GzipBroken { detail: String } => "the gzip stream cannot be unpacked: {detail}", "der gzip-Strom kann nicht entpackt werden: {detail}";
        GzipTooLarge { limit_mb: u64 } => "the gzip stream unpacks to more than {limit_mb} MB: refused (size limit or likely bomb)", "der gzip-Strom entpackt zu mehr als {limit_mb} MB: abgelehnt (Größengrenze oder wahrscheinlich eine Zip-Bombe)";
        ZipUnreadable { detail: String } => "the zip archive cannot be read: {detail}", "das Zip-Archiv kann nicht gelesen werden: {detail}";
        ZipBomb { mb: u64, packed: u64 } => "the zip archive would unpack to {mb} MB from {packed} bytes: refused as a likely zip bomb", "das Zip-Archiv würde aus {packed} Bytes zu {mb} MB entpacken: als wahrscheinliche Zip-Bombe abgelehnt";
        ZipNoBoundaries { names: String } => "the zip archive holds no shapefile or GeoJSON (it has: {names})", "das Zip-Archiv enthält kein Shapefile und kein GeoJSON (es hat: {names})";
        ZipNoLayer { wanted: String, names: String } => "the zip archive has no layer '{wanted}'; it has: {names}", "das Zip-Archiv hat keine Ebene '{wanted}'; es hat: {names}";
        ZipSeveral { names: String } => "the zip archive holds several boundary files ({names}); choose one (--layer NAME)", "das Zip-Archiv enthält mehrere Grenzdateien ({names}); eine wählen (--layer NAME)";
        ZipEntry { name: String, detail: String } => "{name}: {detail}", "{name}: {detail}";
        CannotUnpack { detail: String } => "cannot unpack the archive: {detail}", "das Archiv kann nicht entpackt werden: {detail}";
        // Spreadsheets
        SpreadsheetUnreadable { detail: String } => "not a readable spreadsheet ({detail})", "keine lesbare Tabellenkalkulation ({detail})";
        SpreadsheetBomb { mb: u64, packed: u64 } => "the spreadsheet would unpack to {mb} MB from {packed} bytes: refused as a likely zip bomb", "die Tabellenkalkulation würde aus {packed} Bytes zu {mb} MB entpacken: als wahrscheinliche Zip-Bombe abgelehnt";
        NoSheets => "the workbook has no sheets", "die Arbeitsmappe hat keine Blätter";
        NoSheetNamed { wanted: String, sheets: String } => "no sheet named '{wanted}'; the workbook has: {sheets}", "kein Blatt namens '{wanted}'; die Arbeitsmappe hat: {sheets}";
        SheetUnreadable { sheet: String, detail: String } => "sheet '{sheet}': {detail}", "Blatt '{sheet}': {detail}";
        NoSheetWithTable { sheets: String } => "no sheet holds a table (sheets: {sheets})", "kein Blatt enthält eine Tabelle (Blätter: {sheets})";
        // GeoJSON
        NotJsonObject => "not GeoJSON: the file does not start with a JSON object ('{{')", "kein GeoJSON: die Datei beginnt nicht mit einem JSON-Objekt ('{{')";
        Truncated => "the file ends too early (truncated?)", "die Datei endet zu früh (abgeschnitten?)";
        Json { detail: String } => "{detail}", "ungültiges JSON: {detail}";
        NotFeatures { found: String } => "expected a GeoJSON FeatureCollection or Feature, found type \"{found}\"", "erwartet war eine GeoJSON-FeatureCollection oder ein Feature, gefunden Typ \"{found}\"";
        NoTopType => "not GeoJSON: the top-level object has no \"type\"", "kein GeoJSON: das oberste Objekt hat keinen \"type\"";
        NoFeatures => "the file has no features", "die Datei hat keine Objekte";
        NoAreas { feature: usize, reason: Box<super::note::Note> } => "no feature has a Polygon or MultiPolygon geometry (feature {feature}: {reason})", "kein Objekt hat eine Polygon- oder MultiPolygon-Geometrie (Objekt {feature}: {reason})";
        NoProperty { name: String, names: String } => "no property named '{name}'; the features have: {names}", "kein Attribut namens '{name}'; die Objekte haben: {names}";
        // Shapefiles and GeoPackages
        NoDbf => "the attribute file (.dbf) beside the .shp is missing", "die Attributdatei (.dbf) neben der .shp fehlt";
        DbfUnreadable { detail: String } => "the .dbf cannot be read: {detail}", "die .dbf kann nicht gelesen werden: {detail}";
        ShpUnreadable { detail: String } => "the .shp cannot be read: {detail}", "die .shp kann nicht gelesen werden: {detail}";
        ShpTruncated { feature: usize } => "the .shp file ends inside feature {feature} (truncated?)", "die .shp-Datei endet innerhalb von Objekt {feature} (abgeschnitten?)";
        FeatureUnreadable { detail: String } => "cannot be read: {detail}", "kann nicht gelesen werden: {detail}";
        GpkgOpen { detail: String } => "cannot open the GeoPackage: {detail}", "das GeoPackage kann nicht geöffnet werden: {detail}";
        GpkgUnreadable { detail: String } => "not a readable GeoPackage: {detail}", "kein lesbares GeoPackage: {detail}";
        GpkgNoLayerNamed { wanted: String, names: String } => "no polygon layer named '{wanted}'; the GeoPackage has: {names}", "keine Polygonebene namens '{wanted}'; das GeoPackage hat: {names}";
        GpkgNoPolygonLayer => "the GeoPackage has no polygon layer", "das GeoPackage hat keine Polygonebene";
        GpkgUnknownEpsg { code: u32, supported: SupportedCrs } => "the layer is in EPSG:{code}, which is neither in EPSG's definition table nor defined in the file; choose the system (supported: {supported})", "die Ebene ist in EPSG:{code}, das weder in EPSGs Definitionstabelle steht noch in der Datei definiert ist; das System wählen (unterstützt: {supported})";
        GpkgNoGeometryColumn { column: String } => "the geometry column '{column}' is missing", "die Geometriespalte '{column}' fehlt";
        // Coordinate systems
        CrsUndeclaredMetres { found: Bounds, likely: Vec<String> } => "the coordinates are in metres ({found}) but the file does not say in which system; choose it (likely {likely})", "die Koordinaten sind in Metern ({found}), aber die Datei sagt nicht, in welchem System; es wählen (wahrscheinlich {likely})";
        CrsUndeclaredMetresAny { found: Bounds, supported: SupportedCrs } => "the coordinates are in metres ({found}) but the file does not say in which system; choose it (supported: {supported})", "die Koordinaten sind in Metern ({found}), aber die Datei sagt nicht, in welchem System; es wählen (unterstützt: {supported})";
        CrsOutOfRange { found: Bounds, crs: String, valid: Bounds, supported: SupportedCrs } => "the coordinates ({found}) cannot be in {crs} ({valid}); the file is in another system (supported: {supported})", "die Koordinaten ({found}) können nicht in {crs} sein ({valid}); die Datei ist in einem anderen System (unterstützt: {supported})";
        CrsWgs84Metres { x: f64, y: f64, supported: SupportedCrs } => "the file declares WGS84 lon/lat, but its coordinates reach x {x:.0}, y {y:.0}: they look like projected metres; choose the system (supported: {supported})", "die Datei gibt WGS84 Länge/Breite an, aber ihre Koordinaten reichen bis x {x:.0}, y {y:.0}: sie sehen nach projizierten Metern aus; das System wählen (unterstützt: {supported})";
        CrsUnknownDeclared { name: String, supported: SupportedCrs } => "the file declares the coordinate system \"{name}\", which is not in EPSG's definition table; supported: {supported}", "die Datei gibt das Koordinatensystem \"{name}\" an, das nicht in EPSGs Definitionstabelle steht; unterstützt: {supported}";
        CrsUnreadable { name: String, detail: String } => "the coordinate system \"{name}\" cannot be read ({detail})", "das Koordinatensystem \"{name}\" kann nicht gelesen werden ({detail})";
        CrsUnusable { name: String, detail: String } => "the coordinate system \"{name}\" cannot be used ({detail})", "das Koordinatensystem \"{name}\" kann nicht verwendet werden ({detail})";
        CrsOfPrj { why: Box<LoadMsg>, name: String, supported: SupportedCrs } => "{why} (the .prj names \"{name}\"); supported: {supported}", "{why} (die .prj nennt \"{name}\"); unterstützt: {supported}";
        CrsDefinition { crs: String, detail: String } => "{crs}: {detail}", "{crs}: {detail}";
        ReprojectionFailed { near: Near, detail: String } => "reprojection failed{near}: {detail}", "Umprojektion fehlgeschlagen{near}: {detail}";
        OffEarth { crs: String, x: f64, y: f64 } => "read as {crs}, the coordinates do not lie on the earth (e.g. {x:.3}, {y:.3}); the file is probably in another system", "als {crs} gelesen, liegen die Koordinaten nicht auf der Erde (z. B. {x:.3}, {y:.3}); die Datei ist wohl in einem anderen System";
        // Tables
        OneColumn => "only one column: expected fields separated by ';', ',', tab or '|'", "nur eine Spalte: erwartet sind Felder, getrennt durch ';', ',', Tabulator oder '|'";
        NoDataRows => "the table has a header but no data rows", "die Tabelle hat eine Kopfzeile, aber keine Datenzeilen";
        NotUtf8 => "the file is not UTF-8", "die Datei ist nicht UTF-8";
        QuotedFields => "the file has quoted fields", "die Datei hat Felder in Anführungszeichen";
        Csv { detail: String } => "{detail}", "CSV-Fehler: {detail}";
        BoundaryReaderStopped => "the boundary reader stopped unexpectedly", "das Lesen der Grenzen brach unerwartet ab";
        ReaderStopped => "the table reader stopped unexpectedly", "das Lesen der Tabelle brach unerwartet ab";
        NoIndicatorColumn { columns: String, key: String } => "no numeric indicator column found (columns: {columns}; key column '{key}')", "keine numerische Indikatorspalte gefunden (Spalten: {columns}; Schlüsselspalte '{key}')";
        NoKeyValues { key: String } => "no row has a value in the key column '{key}'", "keine Zeile hat einen Wert in der Schlüsselspalte '{key}'";
        NoColumnNamed { name: String, columns: String } => "no table column named '{name}'; the columns are: {columns}", "keine Tabellenspalte namens '{name}'; die Spalten sind: {columns}";
        LongWithoutYear { indicator: String, value: String } => "columns '{indicator}' and '{value}' look like a long table (indicator, value), but there is no year column", "die Spalten '{indicator}' und '{value}' sehen nach einer langen Tabelle (Indikator, Wert) aus, aber es gibt keine Jahresspalte";
        YearTwice { year: String, first: String, second: String } => "the table has a year column ('{year}') and columns with a year in their name ('{first}', '{second}'); cannot tell which year a value belongs to", "die Tabelle hat eine Jahresspalte ('{year}') und Spalten mit einem Jahr im Namen ('{first}', '{second}'); es ist nicht zu erkennen, zu welchem Jahr ein Wert gehört";
        // Metadata
        MetaTooNew { version: u32, reads: u32 } => "metadata version {version} is newer than this program reads ({reads})", "Metadaten-Version {version} ist neuer als die, die dieses Programm liest ({reads})";
    }
}

/// The supported coordinate systems, for messages: any EPSG code or WKT, with common examples.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupportedCrs;

impl atlas_i18n::Arg for SupportedCrs {
    fn fmt_in(&self, lang: atlas_i18n::Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let common: Vec<String> = super::crs::Crs::ALL.iter().map(|c| c.describe()).collect();
        match lang {
            atlas_i18n::Lang::En => write!(
                f,
                "any code of EPSG's definition table or a WKT definition, e.g. {}",
                common.join(", ")
            ),
            atlas_i18n::Lang::De => write!(
                f,
                "jeder Code aus EPSGs Definitionstabelle oder eine WKT-Definition, z. B. {}",
                common.join(", ")
            ),
        }
    }
}

/// A box of coordinates in a message: "x 370000–415000, y 5800000–5840000" ([x0, y0, x1, y1]).
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds(pub Box<[f64; 4]>);

impl Bounds {
    pub fn new(b: [f64; 4]) -> Bounds {
        Bounds(Box::new(b))
    }
}

impl atlas_i18n::Arg for Bounds {
    fn fmt_in(&self, _: atlas_i18n::Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [x0, y0, x1, y1] = *self.0;
        write!(f, "x {x0:.0}–{x1:.0}, y {y0:.0}–{y1:.0}")
    }
}

/// A box of lon/lat degrees in a message: "lon 13.09–13.76, lat 52.34–52.68" (German:
/// "Länge 13,09–13,76, Breite 52,34–52,68").
#[derive(Debug, Clone, PartialEq)]
pub struct Degrees(pub Box<[f64; 4]>);

impl atlas_i18n::Arg for Degrees {
    fn fmt_in(&self, lang: atlas_i18n::Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [x0, y0, x1, y1] = *self.0;
        let n = |v: f64| match lang {
            atlas_i18n::Lang::En => format!("{v:.2}"),
            atlas_i18n::Lang::De => format!("{v:.2}").replace('.', ","),
        };
        let (lon, lat) = match lang {
            atlas_i18n::Lang::En => ("lon", "lat"),
            atlas_i18n::Lang::De => ("Länge", "Breite"),
        };
        write!(f, "{lon} {}–{}, {lat} {}–{}", n(x0), n(x1), n(y0), n(y1))
    }
}

/// An optional point in a message: " (near x …, y …)".
#[derive(Debug, Clone, PartialEq)]
pub struct Near(pub Option<(f64, f64)>);

impl atlas_i18n::Arg for Near {
    fn fmt_in(&self, lang: atlas_i18n::Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.0, lang) {
            (None, _) => Ok(()),
            (Some((x, y)), atlas_i18n::Lang::En) => write!(f, " (near x {x:.0}, y {y:.0})"),
            (Some((x, y)), atlas_i18n::Lang::De) => write!(f, " (bei x {x:.0}, y {y:.0})"),
        }
    }
}
