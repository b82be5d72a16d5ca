//! Composite indices (Berlin's social monitoring: a status index from unemployment, transfer
//! receipt and child poverty, a dynamics index from their two-year changes, each cut into
//! classes and crossed into a status × dynamics matrix): the spec a planner writes, the
//! computation per year over the table's keys, and the presets shipped in `data/indices/`.

pub mod compute;
pub mod describe;
pub mod export;
pub mod palette;
pub mod spec;
pub mod through;

pub use compute::{Excluded, IndexYear, KeyIndex, compute, compute_all, matrix_class};
pub use export::write_csv;
pub use spec::{ClassSpec, Component, IndexSpec, Label, Rescale, Standardise};

use atlas_i18n::messages;

messages! {
    /// Why a key is left out of an index.
    #[derive(Debug, Clone, PartialEq)]
    pub enum ExcludeReason {
        Listed => "excluded in the index's spec", "in der Vorgabe des Index ausgeschlossen";
        NoPopulation => "no population value", "kein Einwohnerwert";
        FewResidents { population: f64, min: f64 } => "{population:.0} residents, fewer than {min:.0}", "{population:.0} Einwohner, weniger als {min:.0}";
        Missing { indicator: String } => "no value for '{indicator}'", "kein Wert für '{indicator}'";
    }
}

messages! {
    /// Why an index spec is wrong or cannot be computed on the data.
    #[derive(Debug, Clone, PartialEq)]
    pub enum IndexError {
        Syntax { detail: String } => "the index spec is not valid: {detail}", "die Indexvorgabe ist ungültig: {detail}";
        NoId => "the index spec has no id", "die Indexvorgabe hat keine id";
        NoComponents { id: String } => "index '{id}' has no components", "Index '{id}' hat keine Komponenten";
        BadWeight { id: String, indicator: String } => "index '{id}': the weight of '{indicator}' must be a number other than 0", "Index '{id}': das Gewicht von '{indicator}' muss eine Zahl ungleich 0 sein";
        WeightedWithoutPopulation { id: String } => "index '{id}': a population-weighted z needs a population column", "Index '{id}': ein einwohnergewichtetes z braucht eine Einwohnerspalte";
        MinWithoutPopulation { id: String } => "index '{id}': min_population needs a population column", "Index '{id}': min_population braucht eine Einwohnerspalte";
        NoClasses { id: String } => "index '{id}' has no classes", "Index '{id}' hat keine Klassen";
        BothBounds { id: String, class: String } => "index '{id}': class '{class}' has both 'below' and 'upto'", "Index '{id}': Klasse '{class}' hat sowohl 'below' als auch 'upto'";
        OpenClassNotLast { id: String, class: String } => "index '{id}': class '{class}' has no bound but is not the last", "Index '{id}': Klasse '{class}' hat keine Grenze, ist aber nicht die letzte";
        ClassesOutOfOrder { id: String, class: String } => "index '{id}': the bound of class '{class}' is out of order (bounds must rise)", "Index '{id}': die Grenze der Klasse '{class}' ist nicht in der Reihenfolge (Grenzen müssen steigen)";
        UnknownIndicator { id: String, indicator: String, known: Vec<String> } => "index '{id}': the table has no indicator '{indicator}' (it has: {known})", "Index '{id}': die Tabelle hat keinen Indikator '{indicator}' (sie hat: {known})";
        TooFew { id: String, year: i32, n: usize } => "index '{id}' in {year}: {n} areas have every component, at least 2 are needed", "Index '{id}' {year}: {n} Gebiete haben alle Komponenten, mindestens 2 werden gebraucht";
        UnknownScheme { id: String, scheme: String } => "index '{id}': unknown scheme '{scheme}' (use quantiles, equal or jenks)", "Index '{id}': unbekanntes Verfahren '{scheme}' (quantiles, equal oder jenks angeben)";
        SchemeClasses { id: String, n: usize } => "index '{id}': a scheme needs 2 to 9 classes, not {n}", "Index '{id}': ein Verfahren braucht 2 bis 9 Klassen, nicht {n}";
        SchemeWithBounds { id: String, class: String } => "index '{id}': class '{class}' has a bound, but the classes come from the scheme", "Index '{id}': Klasse '{class}' hat eine Grenze, die Klassen kommen aber aus dem Verfahren";
        BadFormula { id: String, formula: String, error: atlas_data::formula::DerivedError } => "index '{id}': the component '{formula}' is neither a column nor a formula that works on this table: {error}", "Index '{id}': die Komponente '{formula}' ist weder eine Spalte noch eine Formel, die auf dieser Tabelle geht: {error}";
        NoSpread { id: String, indicator: String, year: i32 } => "index '{id}' in {year}: '{indicator}' has the same value everywhere (no spread to standardise)", "Index '{id}' {year}: '{indicator}' hat überall denselben Wert (keine Streuung zum Standardisieren)";
    }
}
