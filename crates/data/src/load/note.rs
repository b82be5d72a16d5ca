//! What a loader tells about a file it could read: warnings about the whole file (a guessed
//! decimal mark, skipped rows, a datum shift) and notes about single features (left out,
//! repaired, without a key), with the values each sentence needs, in English and German.

use super::msg::Degrees;
use atlas_i18n::messages;

messages! {
    /// A warning about a loaded file, or a note about one of its features.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Note {
        /// A note of the named file (the data set gathers notes of several files).
        Of { file: String, note: Box<Note> } => "{file}: {note}", "{file}: {note}";
        // Features left out (no usable area)
        GeometryNull => "geometry is null", "die Geometrie ist leer (null)";
        GeometryNoType => "geometry has no type", "die Geometrie hat keinen Typ";
        GeometryEmpty => "geometry is empty", "die Geometrie ist leer";
        NotArea { kind: String } => "geometry is a {kind}, not an area", "die Geometrie ist ein {kind}, keine Fläche";
        NotPolygon { kind: String } => "geometry is a {kind}, not a polygon", "die Geometrie ist ein {kind}, kein Polygon";
        CurveNotArea { kind: String } => "geometry is a curve ({kind}), not an area", "die Geometrie ist eine Kurve ({kind}), keine Fläche";
        CurvedUnsupported { kind: String } => "geometry is a {kind} (curved): not supported; convert curves to polygons (in QGIS: Segmentize) and export again", "die Geometrie ist ein {kind} (gekrümmt): nicht unterstützt; Kurven in Polygone umwandeln (in QGIS: Segmentieren) und neu exportieren";
        NotAFeature { kind: String } => "not a Feature (type \"{kind}\")", "kein Feature (Typ \"{kind}\")";
        CollectionWithoutPolygons => "GeometryCollection has no polygons", "die GeometryCollection enthält keine Polygone";
        NoCoordinates { kind: String } => "{kind} has no coordinates", "{kind} hat keine Koordinaten";
        RingsDoNotNest => "malformed coordinates: rings do not nest evenly", "fehlerhafte Koordinaten: die Ringe sind ungleichmäßig verschachtelt";
        PositionsDoNotNest => "malformed coordinates: positions do not nest evenly", "fehlerhafte Koordinaten: die Positionen sind ungleichmäßig verschachtelt";
        NoUsableRing => "no ring with at least three distinct points and an area", "kein Ring mit mindestens drei verschiedenen Punkten und einer Fläche";
        CollectionRead => "GeometryCollection of polygons read as MultiPolygon", "GeometryCollection aus Polygonen als MultiPolygon gelesen";
        KindEmpty { kind: String } => "{kind} is empty", "{kind} ist leer";
        NestedWrong { kind: String, depth: usize, want: usize } => "{kind} coordinates are nested {depth} deep, expected {want}", "die Koordinaten von {kind} sind {depth}-fach verschachtelt, erwartet {want}";
        MalformedCoordinates { what: Box<Note> } => "malformed coordinates: {what}", "fehlerhafte Koordinaten: {what}";
        CoordinateText { value: String } => "coordinate is text ({value}), not a number", "Koordinate ist Text ({value}), keine Zahl";
        CoordinateBool => "coordinate is true/false, not a number", "Koordinate ist wahr/falsch, keine Zahl";
        CoordinateNull => "coordinate is null", "Koordinate ist leer (null)";
        CoordinateObject => "coordinate is an object, not a number", "Koordinate ist ein Objekt, keine Zahl";
        CoordinatesMixed => "numbers and arrays mixed in one coordinate array", "Zahlen und Listen in einer Koordinatenliste gemischt";
        PositionShort => "a position has fewer than two numbers", "eine Position hat weniger als zwei Zahlen";
        DepthsDiffer => "coordinates are nested to different depths", "Koordinaten sind unterschiedlich tief verschachtelt";
        CoordinatesNumber => "coordinates are a single number, not an array", "Koordinaten sind eine einzelne Zahl, keine Liste";
        CoordinatesText => "coordinates are text, not an array", "Koordinaten sind Text, keine Liste";
        CoordinatesBool => "coordinates are true/false, not an array", "Koordinaten sind wahr/falsch, keine Liste";
        CoordinatesNull => "coordinates are null", "Koordinaten sind leer (null)";
        CoordinatesObject => "coordinates are an object, not an array", "Koordinaten sind ein Objekt, keine Liste";
        WkbEndsEarly => "the geometry ends too early", "die Geometrie endet zu früh";
        WkbTooDeep => "nested geometry too deep", "zu tief verschachtelte Geometrie";
        WkbByteOrder { b: u8 } => "bad WKB byte order {b}", "ungültige WKB-Bytereihenfolge {b}";
        WkbType { code: u32 } => "unknown WKB geometry type {code}", "unbekannter WKB-Geometrietyp {code}";
        WkbRingTooLong => "a ring claims more points than the geometry holds", "ein Ring gibt mehr Punkte an, als die Geometrie enthält";
        WkbEnvelope { code: u8 } => "bad envelope code {code}", "ungültiger Hüllen-Code {code}";
        NotGpkgGeometry => "not a GeoPackage geometry", "keine GeoPackage-Geometrie";
        TooComplex { max: usize } => "too complex to repair: more than {max} self-intersections", "zu komplex zum Reparieren: mehr als {max} Selbstüberschneidungen";
        NotMadeValid => "self-intersecting polygon could not be made valid", "das sich selbst schneidende Polygon ließ sich nicht reparieren";
        NoAreaOnceValid => "self-intersecting polygon has no area once made valid", "das sich selbst schneidende Polygon hat nach der Reparatur keine Fläche";
        FeatureUnreadable { detail: String } => "cannot be read: {detail}", "kann nicht gelesen werden: {detail}";
        // Features loaded with a repair (count of each kind)
        RingsClosed { n: usize } => "unclosed ring closed ({n})", "offener Ring geschlossen ({n})";
        DuplicatePoints { n: usize } => "duplicate consecutive points removed ({n})", "doppelte aufeinanderfolgende Punkte entfernt ({n})";
        DegenerateRings { n: usize } => "ring with fewer than three distinct points dropped ({n})", "Ring mit weniger als drei verschiedenen Punkten entfernt ({n})";
        ZeroAreaRings { n: usize } => "zero-area ring dropped ({n})", "Ring ohne Fläche entfernt ({n})";
        RingsReoriented { n: usize } => "ring reoriented (exterior counter-clockwise) ({n})", "Ring umorientiert (Außenring gegen den Uhrzeigersinn) ({n})";
        HolesOutside { n: usize } => "hole outside its shell dropped ({n})", "Loch außerhalb seines Umrings entfernt ({n})";
        MadeValid { n: usize } => "self-intersecting polygon made valid ({n})", "sich selbst schneidendes Polygon repariert ({n})";
        /// Several notes about one thing, said as one line.
        List { list: Vec<Note> } => "{list}", "{list}";
        // Keys
        NoKeyValue { field: String } => "no value in key field '{field}'", "kein Wert im Schlüsselfeld '{field}'";
        KeyRepeated { key: String } => "key '{key}' is used by more than one feature", "der Schlüssel '{key}' gehört zu mehr als einem Objekt";
        // The whole boundary file
        AllClockwise => "all polygons wind clockwise (the older shapefile convention); they were reoriented", "alle Polygone laufen im Uhrzeigersinn (die ältere Shapefile-Konvention); sie wurden umorientiert";
        AttributesEncoding { encoding: &'static str } => "attributes read as {encoding}", "Attribute gelesen als {encoding}";
        LayerOf { layer: String, layers: String } => "layer '{layer}' of the polygon layers {layers}", "Ebene '{layer}' der Polygonebenen {layers}";
        Shifted { crs: String, how: String } => "coordinates in {crs} were shifted to WGS84 with {how}", "Koordinaten in {crs} wurden mit {how} nach WGS84 verschoben";
        CrsIdentifiedByName { from: String, crs: String } => "the system '{from}' was identified by its name as {crs}", "das System '{from}' wurde an seinem Namen als {crs} erkannt";
        CrsIdentifiedByNameAndParameters { from: String, crs: String } => "the system '{from}' was identified as {crs} (name and parameters agree)", "das System '{from}' wurde als {crs} erkannt (Name und Parameter stimmen überein)";
        CrsIdentifiedByParameters { from: String, crs: String } => "the system '{from}' was identified by its datum and parameters as {crs}", "das System '{from}' wurde an Datum und Parametern als {crs} erkannt";
        OutsideAreaOfUse { crs: String, found: Degrees, area: Degrees } => "read as {crs}, the boundaries lie at {found}, far outside the area where that system is used ({area}): the file is probably in another system (check its .prj or choose the system)", "als {crs} gelesen liegen die Grenzen bei {found}, weit außerhalb des Gebiets, in dem dieses System gilt ({area}): die Datei ist wahrscheinlich in einem anderen System (ihre .prj prüfen oder das System wählen)";
        NoShiftKnown { datum: String, crs: String } => "no shift from the datum {datum} of {crs} to WGS84 is known: the coordinates were not shifted (positions may be off by up to a few hundred metres)", "keine Verschiebung vom Datum {datum} von {crs} nach WGS84 bekannt: die Koordinaten wurden nicht verschoben (Lagen können bis zu einige hundert Meter abweichen)";
        // Tables
        HeaderBelowTitle { line: u64, titles: usize, footnotes: usize } => "the header is on line {line}: {titles} title line(s) above and {footnotes} footnote line(s) below the table were skipped", "die Kopfzeile steht in Zeile {line}: {titles} Titelzeile(n) darüber und {footnotes} Fußnotenzeile(n) unter der Tabelle wurden übersprungen";
        Ragged { rows: usize, width: usize, line: u64 } => "{rows} row(s) have more fields than the header's {width}; extra fields ignored (line {line})", "{rows} Zeile(n) haben mehr Felder als die {width} der Kopfzeile; überzählige Felder ignoriert (Zeile {line})";
        NotNumbers { column: String, n: usize, examples: String } => "column '{column}': {n} cell(s) are not numbers and were read as missing ({examples})", "Spalte '{column}': {n} Zelle(n) sind keine Zahlen und wurden als fehlend gelesen ({examples})";
        RowsWithoutKey { n: usize, key: String, lines: String } => "{n} row(s) without a key in '{key}' skipped (lines {lines})", "{n} Zeile(n) ohne Schlüssel in '{key}' übersprungen (Zeilen {lines})";
        RowsWithoutYear { n: usize, lines: String } => "{n} row(s) without a valid year skipped (lines {lines})", "{n} Zeile(n) ohne gültiges Jahr übersprungen (Zeilen {lines})";
        CrOnly => "the lines end in CR only (classic Mac OS); read as line breaks", "die Zeilen enden nur mit CR (klassisches Mac OS); als Zeilenumbrüche gelesen";
        NoYearInName { column: String } => "column '{column}' has no year in its name; kept as a text attribute", "Spalte '{column}' hat kein Jahr im Namen; als Textattribut behalten";
        MixedDecimals { column: String, point: usize, point_line: u64, point_value: String, comma: usize, comma_line: u64, comma_value: String, read: Decimal } => "column '{column}' mixes decimal marks: {point} cell(s) with a decimal point (line {point_line}: \"{point_value}\") and {comma} with a decimal comma (line {comma_line}: \"{comma_value}\"); read with a {read}", "Spalte '{column}' mischt Dezimalzeichen: {point} Zelle(n) mit Dezimalpunkt (Zeile {point_line}: \"{point_value}\") und {comma} mit Dezimalkomma (Zeile {comma_line}: \"{comma_value}\"); gelesen mit {read}";
        AmbiguousDecimals { column: String, n: usize, value: String, line: u64, read: Decimal, proven: Proven } => "column '{column}': {n} value(s) like \"{value}\" (line {line}) could be read either way; read with {read}, {proven}", "Spalte '{column}': {n} Wert(e) wie \"{value}\" (Zeile {line}) lassen sich beidermaßen lesen; gelesen mit {read}, {proven}";
        KeyByValues { column: String, matched: usize, districts: usize, field: String, named: String, before: usize } => "table key column '{column}' chosen by its values: they match {matched} of {districts} districts by '{field}', the column '{named}' (named like a key) matched {before}; use --table-key to choose", "Tabellenschlüsselspalte '{column}' nach ihren Werten gewählt: sie passen zu {matched} von {districts} Gebieten über '{field}', die Spalte '{named}' (wie ein Schlüssel benannt) passte zu {before}; mit --table-key wählen";
        // Metadata
        DenominatorMissing { id: String, denominator: String } => "indicator '{id}': denominator '{denominator}' is not in the table; ignored", "Indikator '{id}': Nenner '{denominator}' ist nicht in der Tabelle; ignoriert";
        MetaExtra { id: String } => "metadata describes '{id}', which the table does not have", "die Metadaten beschreiben '{id}', das die Tabelle nicht hat";
        NoTable => "no indicator table is loaded", "keine Indikatortabelle geladen";
        Derived { id: String, why: crate::formula::DerivedError } => "derived indicator '{id}': {why}", "abgeleiteter Indikator '{id}': {why}";
    }
}

/// How a column's decimal mark was read, for the decimal warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    /// A decimal point.
    Point,
    /// A decimal comma.
    Comma,
    /// A decimal point, explained (1.234 = one point two three four).
    PointExplained,
    /// A thousands point and decimal comma (1.234 = one thousand two hundred thirty-four).
    ThousandsPoint,
}

impl atlas_i18n::Arg for Decimal {
    fn fmt_in(&self, lang: atlas_i18n::Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use atlas_i18n::Lang::{De, En};
        f.write_str(match (self, lang) {
            (Decimal::Point, En) => "decimal point",
            (Decimal::Point, De) => "Dezimalpunkt",
            (Decimal::PointExplained, En) => "a decimal point (1.234 = one point two three four)",
            (Decimal::PointExplained, De) => "Dezimalpunkt (1.234 = eins Komma zwei drei vier)",
            (Decimal::ThousandsPoint, En) => {
                "a thousands point (1.234 = one thousand two hundred thirty-four)"
            }
            (Decimal::ThousandsPoint, De) => {
                "Tausenderpunkt (1.234 = eintausendzweihundertvierunddreißig)"
            }
            (Decimal::Comma, En) => "decimal comma",
            (Decimal::Comma, De) => "Dezimalkomma",
        })
    }
}

/// Whether the file's other columns prove the decimal mark (else the delimiter's convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proven(pub bool);

impl atlas_i18n::Arg for Proven {
    fn fmt_in(&self, lang: atlas_i18n::Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use atlas_i18n::Lang::{De, En};
        f.write_str(match (self.0, lang) {
            (true, En) => "as the file's other columns prove",
            (true, De) => "wie die anderen Spalten der Datei belegen",
            (false, En) => "the delimiter's convention: nothing in the file proves the mark",
            (false, De) => {
                "nach der Konvention des Trennzeichens: nichts in der Datei belegt das Zeichen"
            }
        })
    }
}
