//! The lines of an aggregation, crosswalk or regrid report, with the values each sentence
//! needs, in English and German (the CLI prints them in English, the app in the UI language).

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
        Incomplete { n: usize } => "{n} values left missing: a part had a row that year but no value", "{n} Werte bleiben fehlend: ein Teil hatte in dem Jahr eine Zeile, aber keinen Wert";
        Pairs { pairs: usize, olds: usize, news: usize } => "{pairs} pairs between {olds} old and {news} new districts", "{pairs} Paare zwischen {olds} alten und {news} neuen Gebieten";
        LargestOutside { percent: f64, key: String } => "largest share outside the new districts: {percent:.6} % of {key} (digitising differences along the edge)", "größter Anteil außerhalb der neuen Gebiete: {percent:.6} % von {key} (Digitalisierungsunterschiede am Rand)";
        OverlayResidual { residual: String } => "largest overlay residual shared out in proportion: {residual} of an old district", "größter Verschneidungsrest anteilig verteilt: {residual} eines alten Gebiets";
        UnplacedPopulation { population: f64 } => "population in no old district (left out of the weights): {population}", "Einwohner in keinem alten Gebiet (nicht in den Gewichten): {population}";
        AreaFallback { n: usize, sample: String } => "no population in {n} old districts: weighted by area there ({sample})", "keine Einwohner in {n} alten Gebieten: dort nach Fläche gewichtet ({sample})";
        Distributed { olds: usize, news: usize } => "{olds} old keys distributed to {news} new keys", "{olds} alte Schlüssel auf {news} neue Schlüssel verteilt";
        NotInCrosswalk { n: usize, sample: String } => "{n} table keys are not in the crosswalk and are not carried over: {sample}", "{n} Tabellenschlüssel stehen nicht in der Zuordnung und werden nicht übernommen: {sample}";
        Renormalised { percent: f64 } => "weights normalised to add up to 1 per old key (largest share outside the new districts: {percent:.6} %)", "Gewichte auf 1 je altem Schlüssel normiert (größter Anteil außerhalb der neuen Gebiete: {percent:.6} %)";
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
