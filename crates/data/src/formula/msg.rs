//! What the formula language says when a formula cannot be read or computed, with the values
//! each sentence needs, in English and German.

use atlas_i18n::messages;

messages! {
    /// Why a formula cannot be read (the character is in [`super::ParseError`]).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum FormulaMsg {
        QuoteNotClosed { quote: char } => "the quoted indicator name is not closed with {quote}", "der zitierte Indikatorname ist nicht mit {quote} geschlossen";
        EmptyName => "empty indicator name", "leerer Indikatorname";
        NotANumber { text: String } => "'{text}' is not a number", "'{text}' ist keine Zahl";
        UnexpectedChar { c: char } => "unexpected character '{c}'", "unerwartetes Zeichen '{c}'";
        EmptyFormula => "the formula is empty", "die Formel ist leer";
        UnmatchedClose => "')' without a matching '('", "')' ohne passende '('";
        OperatorExpected => "an operator (+ - * /) or the end was expected here", "hier wurde ein Operator (+ - * /) oder das Ende erwartet";
        ParenNotClosed => "'(' is not closed", "'(' ist nicht geschlossen";
        UnknownFunction { name: String, known: String } => "unknown function '{name}' (there are: {known})", "unbekannte Funktion '{name}' (es gibt: {known})";
        EndsEarly => "the formula ends where a value was expected", "die Formel endet, wo ein Wert erwartet wurde";
        CloseForValue => "')' where a value was expected", "')', wo ein Wert erwartet wurde";
        CommaOutside => "',' outside a function's parentheses", "',' außerhalb der Klammern einer Funktion";
        OperatorForValue => "an operator where a value was expected", "ein Operator, wo ein Wert erwartet wurde";
        CallNotClosed { name: &'static str } => "'{name}(' is not closed", "'{name}(' ist nicht geschlossen";
        WrongArguments { name: &'static str, n: usize, usage: &'static str } => "{name} takes {n} arguments: {usage}", "{name} nimmt {n} Argumente: {usage}";
        BadYears { name: &'static str, usage: &'static str } => "{name}: the number of years must be a whole number from 0 to 200 ({usage})", "{name}: die Zahl der Jahre muss eine ganze Zahl von 0 bis 200 sein ({usage})";
        SumYearsOrder => "sum_years(x, a, b) sums from a years back to b years back: a must not be less than b (e.g. sum_years(x, 2, 0) for this year and the two before)", "sum_years(x, a, b) summiert von a Jahren zurück bis b Jahre zurück: a darf nicht kleiner als b sein (z. B. sum_years(x, 2, 0) für dieses Jahr und die zwei davor)";
        // Binding a formula to a table
        UnknownIndicatorNear { id: String, near: String } => "unknown indicator '{id}': did you mean '{near}'?", "unbekannter Indikator '{id}': war '{near}' gemeint?";
        UnknownIndicator { id: String, known: String } => "unknown indicator '{id}' (the table has: {known})", "unbekannter Indikator '{id}' (die Tabelle hat: {known})";
        UnknownIndicatorMany { id: String, first: String, more: usize } => "unknown indicator '{id}' (the table has: {first} … and {more} more)", "unbekannter Indikator '{id}' (die Tabelle hat: {first} … und {more} weitere)";
        IdEmptyOrQuoted => "the id must not be empty or contain quotes", "die Kennung darf nicht leer sein und keine Anführungszeichen enthalten";
        IdTaken { id: String } => "the table already has an indicator '{id}'", "die Tabelle hat bereits einen Indikator '{id}'";
        AtCharacter { msg: Box<FormulaMsg>, at: usize } => "{msg} (at character {at})", "{msg} (bei Zeichen {at})";
    }
}
