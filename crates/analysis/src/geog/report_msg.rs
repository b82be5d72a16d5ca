//! The lines of an aggregation, crosswalk or regrid report, and why one failed, with the values
//! each sentence needs, in English and German (the CLI prints them in English, the app in the
//! UI language).

use atlas_data::load::Note;
use atlas_i18n::messages;

messages! {
    /// One line of a report on combining districts.
    #[derive(Debug, Clone, PartialEq)]
    pub enum ReportLine {
        Aggregated { parts: usize, units: usize } => "{parts} parts aggregated to {units} units", "{parts} Teile zu {units} Einheiten zusammengefasst";
        KeysWithoutDistrict { n: usize } => "table keys without a district aggregated too (the table is the data): {n}", "Tabellenschlüssel ohne Gebiet ebenfalls zusammengefasst (die Tabelle sind die Daten): {n}";
        Unnamed { n: usize, sample: String } => "{n} units have no name in the names source and are named by their key: {sample}", "{n} Einheiten haben keinen Namen in der Namensquelle und heißen nach ihrem Schlüssel: {sample}";
        Unplaced { n: usize, sample: String } => "{n} keys could not be given a parent and are left out: {sample}", "{n} Schlüssel ließen sich keiner übergeordneten Einheit zuordnen und fehlen: {sample}";
        FromCounts { share: String, factor: f64, count: String } => "'{share}' = {factor} × {count} ÷ its denominator in every row (to its rounding): combined from the counts", "'{share}' = {factor} × {count} ÷ sein Nenner in jeder Zeile (bis auf Rundung): aus den Zahlen zusammengefasst";
        Ratios { list: String } => "recomputed as ratio of sums: {list}", "als Verhältnis der Summen neu berechnet: {list}";
        LeftOut { id: String, why: LeftOut } => "left out '{id}': {why}", "'{id}' ausgelassen: {why}";
        RatesOverKnownParts { n: usize } => "rates taken over the parts that have a value: {n} part values without one left out (with their denominators)", "Raten über die Teile mit Wert gebildet: {n} Teilwerte ohne Wert ausgelassen (mit ihren Nennern)";
        Incomplete { n: usize } => "{n} values left missing: a part had a row that year but no value", "{n} Werte bleiben fehlend: ein Teil hatte in dem Jahr eine Zeile, aber keinen Wert";
        Pairs { pairs: usize, olds: usize, news: usize } => "{pairs} pairs between {olds} old and {news} new districts", "{pairs} Paare zwischen {olds} alten und {news} neuen Gebieten";
        LargestOutside { percent: f64, key: String } => "largest share outside the new districts: {percent:.6} % of {key} (digitising differences along the edge)", "größter Anteil außerhalb der neuen Gebiete: {percent:.6} % von {key} (Digitalisierungsunterschiede am Rand)";
        OverlayResidual { residual: String } => "largest overlay residual shared out in proportion: {residual} of an old district", "größter Verschneidungsrest anteilig verteilt: {residual} eines alten Gebiets";
        UnplacedPopulation { population: f64 } => "population in no old district (left out of the weights): {population}", "Einwohner in keinem alten Gebiet (nicht in den Gewichten): {population}";
        AreaFallback { n: usize, sample: String } => "no population in {n} old districts: weighted by area there ({sample})", "keine Einwohner in {n} alten Gebieten: dort nach Fläche gewichtet ({sample})";
        Distributed { olds: usize, news: usize } => "{olds} old keys distributed to {news} new keys", "{olds} alte Schlüssel auf {news} neue Schlüssel verteilt";
        NotInCrosswalk { n: usize, sample: String } => "{n} table keys are not in the crosswalk and are not carried over: {sample}", "{n} Tabellenschlüssel stehen nicht in der Zuordnung und werden nicht übernommen: {sample}";
        Renormalised { percent: f64 } => "weights normalised to add up to 1 per old key (largest share outside the new districts: {percent:.6} %)", "Gewichte auf 1 je altem Schlüssel normiert (größter Anteil außerhalb der neuen Gebiete: {percent:.6} %)";
        StackedFile { file: String, years: String } => "{file}: years {years}", "{file}: Jahre {years}";
        YearFromLater { year: i32, file: String } => "{year} is in more than one file: the values of {file} are used", "{year} steht in mehr als einer Datei: die Werte aus {file} gelten";
        KeysNotInAll { n: usize, sample: String } => "{n} keys are not in every file (missing in that file's years; a redrawn grid is crosswalked, not stacked): {sample}", "{n} Schlüssel stehen nicht in jeder Datei (fehlen in deren Jahren; ein neu gezogenes Raster wird umgerechnet, nicht angefügt): {sample}";
        IndicatorsNotInAll { n: usize, sample: String } => "{n} indicators are not in every file (missing in that file's years): {sample}", "{n} Indikatoren stehen nicht in jeder Datei (fehlen in deren Jahren): {sample}";
        Derived { note: Note } => "{note}", "{note}";
    }
}

messages! {
    /// Why an indicator was left out of an aggregation.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum LeftOut {
        DenominatorNotCount { denominator: String } => "its denominator '{denominator}' is not a count", "sein Nenner '{denominator}' ist keine Anzahl";
        NoDenominator => "not a count and no denominator (give one in the metadata to aggregate it as a ratio of sums)", "keine Anzahl und kein Nenner (einen in den Metadaten angeben, um es als Verhältnis der Summen zusammenzufassen)";
    }
}

messages! {
    /// Why an aggregation, crosswalk, regrid or names lookup could not be done.
    #[derive(Debug, Clone, PartialEq)]
    pub enum GeogError {
        /// A file that could not be read.
        Load { error: Box<atlas_data::load::LoadError> } => "{error}", "{error}";
        /// A file that could not be written.
        Write { error: atlas_data::atomic_write::WriteError } => "{error}", "{error}";
        NoTable => "aggregation needs an indicator table", "zum Zusammenfassen wird eine Indikatortabelle gebraucht";
        NothingOnto { n: usize, parents: String } => "no table key's first {n} characters name an area of {parents}", "bei keinem Tabellenschlüssel nennen die ersten {n} Zeichen ein Gebiet von {parents}";
        NoTableLoaded => "no indicator table is loaded", "keine Indikatortabelle geladen";
        NothingGrouped { by: String } => "no district could be grouped by {by}", "kein Gebiet ließ sich zusammenfassen nach {by}";
        ByPrefix { arg: String } => "--by '{arg}': the prefix length must be a whole number above 0", "--by '{arg}': die Länge des Präfixes muss eine ganze Zahl über 0 sein";
        ByUnknown { arg: String } => "--by '{arg}': use prefix:N, field:NAME or within:PARENT.geojson", "--by '{arg}': prefix:N, field:NAME oder within:PARENT.geojson angeben";
        NoFieldOrColumn { field: String, have: String } => "no boundary property or table column '{field}' (there are: {have})", "kein Grenzattribut und keine Tabellenspalte '{field}' (es gibt: {have})";
        CrosswalkRow { source: String, line: usize, detail: String } => "{source}, line {line}: {detail}", "{source}, Zeile {line}: {detail}";
        CrosswalkHeader { source: String } => "{source}, line 1: the header names no old key, new key and weight columns (write old_key;new_key;weight)", "{source}, Zeile 1: die Kopfzeile nennt keine Spalten für alten Schlüssel, neuen Schlüssel und Gewicht (old_key;new_key;weight schreiben)";
        CrosswalkKeys { source: String, line: usize } => "{source}, line {line}: an old and a new key are needed", "{source}, Zeile {line}: ein alter und ein neuer Schlüssel werden gebraucht";
        CrosswalkWeight { source: String, line: usize, weight: String } => "{source}, line {line}: weight '{weight}' is not a number from 0 to 1", "{source}, Zeile {line}: das Gewicht '{weight}' ist keine Zahl von 0 bis 1";
        CrosswalkEmpty { source: String } => "{source}: no crosswalk rows (old_key;new_key;weight)", "{source}: keine Zeilen der Zuordnung (old_key;new_key;weight)";
        CrosswalkSum { source: String, key: String, sum: f64 } => "{source}: the weights of old key '{key}' add up to {sum}, more than 1", "{source}: die Gewichte des alten Schlüssels '{key}' ergeben {sum}, mehr als 1";
        NamesEmptyField { arg: String } => "--names '{arg}': name the field after 'field:'", "--names '{arg}': das Feld nach 'field:' nennen";
        NamesNeedsArg => "--names needs a file or field:NAME", "--names braucht eine Datei oder field:NAME";
        NamesUnreadable { path: String, detail: String } => "{path}: {detail}", "{path}: {detail}";
        NamesNoNameField { source: String, fields: String } => "{source}: no field with names (its fields: {fields})", "{source}: kein Feld mit Namen (die Felder: {fields})";
        NamesCsv { source: String, detail: String } => "{source}: {detail}", "{source}: {detail}";
        NamesCsvLine { source: String, line: usize, detail: String } => "{source}: line {line}: {detail}", "{source}: Zeile {line}: {detail}";
        NamesNoColumns { source: String } => "{source}: a names file needs a key and a name column", "{source}: eine Namensdatei braucht eine Schlüssel- und eine Namensspalte";
        NamesNoSuchField { field: String } => "--names field:{field}: no boundary property or table column of that name", "--names field:{field}: kein Grenzattribut und keine Tabellenspalte dieses Namens";
    }
}

impl From<atlas_data::load::LoadError> for GeogError {
    fn from(e: atlas_data::load::LoadError) -> Self {
        GeogError::Load { error: Box::new(e) }
    }
}

impl From<atlas_data::atomic_write::WriteError> for GeogError {
    fn from(error: atlas_data::atomic_write::WriteError) -> Self {
        GeogError::Write { error }
    }
}

/// The command line's errors are English text.
impl From<GeogError> for String {
    fn from(e: GeogError) -> String {
        e.to_string()
    }
}
