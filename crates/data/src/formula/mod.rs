//! Derived indicators: a small formula language over the indicators of one table, evaluated for
//! every key and year at once. `foreigners / inhabitants * 100`, `change(inhabitants, 1)`,
//! `share(arrivals)`, `eb_rate(foreigners, inhabitants)`.
//!
//! Grammar (usual precedence, left-associative):
//! ```text
//! expr    = term (("+" | "-") term)*
//! term    = unary (("*" | "×" | "/" | "÷") unary)*
//! unary   = "-" unary | primary
//! primary = number | indicator | function "(" expr ("," expr)* ")" | "(" expr ")"
//! ```
//! An indicator is a column id as in the table (letters, digits, `_`, `.`), or any id in
//! double quotes or backticks. Numbers use a decimal point (the comma separates arguments).
//! Parsing knows nothing of tables; [`bind`](eval::bind) checks the ids against one.

pub mod eval;
mod msg;
#[cfg(test)]
mod tests;

pub use eval::{Bound, DerivedError, apply_derived, bind, evaluate};
pub use msg::FormulaMsg;

/// A function of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// `lag(x, n)`: x in the year n years earlier.
    Lag,
    /// `change(x, n)`: x − lag(x, n).
    Change,
    /// `pct_change(x, n)`: (x − lag(x, n)) ÷ lag(x, n) × 100.
    PctChange,
    /// `sum_years(x, a, b)`: x summed from a years earlier to b years earlier (a ≥ b ≥ 0).
    SumYears,
    /// `share(x)`: x ÷ the sum of x over all keys of the year × 100.
    Share,
    /// `eb_rate(e, b)`: global empirical-Bayes smoothed rate e ÷ b (PySAL `Empirical_Bayes`).
    EbRate,
}

impl Func {
    const ALL: [(&'static str, Func); 6] = [
        ("lag", Func::Lag),
        ("change", Func::Change),
        ("pct_change", Func::PctChange),
        ("sum_years", Func::SumYears),
        ("share", Func::Share),
        ("eb_rate", Func::EbRate),
    ];

    pub fn name(self) -> &'static str {
        Func::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    fn by_name(name: &str) -> Option<Func> {
        Func::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// What the arguments must be: an expression (`E`) or a whole number of years (`N`).
    fn signature(self) -> &'static str {
        match self {
            Func::Lag | Func::Change | Func::PctChange => "EN",
            Func::SumYears => "ENN",
            Func::Share => "E",
            Func::EbRate => "EE",
        }
    }

    fn usage(self) -> &'static str {
        match self {
            Func::Lag => "lag(x, years)",
            Func::Change => "change(x, years)",
            Func::PctChange => "pct_change(x, years)",
            Func::SumYears => "sum_years(x, from_years_back, to_years_back)",
            Func::Share => "share(x)",
            Func::EbRate => "eb_rate(events, population)",
        }
    }
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Indicator(String),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    /// A function with its expression arguments and its whole-number arguments.
    Call(Func, Vec<Expr>, Vec<i32>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// A syntax error: what is wrong and at which character (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub message: FormulaMsg,
}

impl ParseError {
    /// The message with its place, as one sentence.
    pub fn msg(&self) -> FormulaMsg {
        FormulaMsg::AtCharacter {
            msg: Box::new(self.message.clone()),
            at: self.at,
        }
    }
}

impl atlas_i18n::Localize for ParseError {
    fn text(&self, lang: atlas_i18n::Lang) -> String {
        self.msg().text(lang)
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.msg())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Op(Op),
    LParen,
    RParen,
    Comma,
    End,
}

struct Lexer {
    toks: Vec<(Tok, usize)>,
    pos: usize,
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        match c {
            c if c.is_whitespace() => i += 1,
            '+' => push(&mut out, Tok::Op(Op::Add), at, &mut i),
            '-' | '−' => push(&mut out, Tok::Op(Op::Sub), at, &mut i),
            '*' | '×' | '·' => push(&mut out, Tok::Op(Op::Mul), at, &mut i),
            '/' | '÷' => push(&mut out, Tok::Op(Op::Div), at, &mut i),
            '(' => push(&mut out, Tok::LParen, at, &mut i),
            ')' => push(&mut out, Tok::RParen, at, &mut i),
            ',' | ';' => push(&mut out, Tok::Comma, at, &mut i),
            '"' | '`' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or(ParseError {
                        at,
                        message: FormulaMsg::QuoteNotClosed { quote: c },
                    })?;
                let name: String = chars[i + 1..i + 1 + end].iter().collect();
                if name.trim().is_empty() {
                    return Err(ParseError {
                        at,
                        message: FormulaMsg::EmptyName,
                    });
                }
                out.push((Tok::Ident(name), at));
                i += end + 2;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                // An exponent: 1e3, 2.5E-2.
                if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                    let mut j = i + 1;
                    if j < chars.len() && matches!(chars[j], '+' | '-') {
                        j += 1;
                    }
                    if j < chars.len() && chars[j].is_ascii_digit() {
                        i = j;
                        while i < chars.len() && chars[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                }
                let text: String = chars[start..i].iter().collect();
                // An id may start with a digit ("2020_total"): letters right after make it one.
                if i < chars.len() && (chars[i].is_alphabetic() || chars[i] == '_') {
                    while i < chars.len() && is_ident(chars[i]) {
                        i += 1;
                    }
                    out.push((Tok::Ident(chars[start..i].iter().collect()), at));
                    continue;
                }
                let v: f64 = text.parse().map_err(|_| ParseError {
                    at,
                    message: FormulaMsg::NotANumber { text: text.clone() },
                })?;
                out.push((Tok::Num(v), at));
            }
            c if is_ident(c) => {
                let start = i;
                while i < chars.len() && is_ident(chars[i]) {
                    i += 1;
                }
                out.push((Tok::Ident(chars[start..i].iter().collect()), at));
            }
            c => {
                return Err(ParseError {
                    at,
                    message: FormulaMsg::UnexpectedChar { c },
                });
            }
        }
    }
    out.push((Tok::End, chars.len() + 1));
    Ok(out)
}

fn push(out: &mut Vec<(Tok, usize)>, t: Tok, at: usize, i: &mut usize) {
    out.push((t, at));
    *i += 1;
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Parses a formula.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let mut p = Lexer {
        toks: lex(src)?,
        pos: 0,
    };
    if p.peek() == &Tok::End {
        return Err(ParseError {
            at: 1,
            message: FormulaMsg::EmptyFormula,
        });
    }
    let e = p.expr()?;
    match p.peek() {
        Tok::End => Ok(e),
        Tok::RParen => Err(p.error(FormulaMsg::UnmatchedClose)),
        _ => Err(p.error(FormulaMsg::OperatorExpected)),
    }
}

impl Lexer {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn at(&self) -> usize {
        self.toks[self.pos].1
    }

    fn next(&mut self) -> Tok {
        let t = self.toks[self.pos].0.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn error(&self, message: FormulaMsg) -> ParseError {
        ParseError {
            at: self.at(),
            message,
        }
    }

    fn expr(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.term()?;
        while let Tok::Op(op @ (Op::Add | Op::Sub)) = *self.peek() {
            self.next();
            let right = self.term()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        while let Tok::Op(op @ (Op::Mul | Op::Div)) = *self.peek() {
            self.next();
            let right = self.unary()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        if self.peek() == &Tok::Op(Op::Sub) {
            self.next();
            return Ok(match self.unary()? {
                Expr::Number(v) => Expr::Number(-v),
                e => Expr::Neg(Box::new(e)),
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let at = self.at();
        match self.next() {
            Tok::Num(v) => Ok(Expr::Number(v)),
            Tok::LParen => {
                let e = self.expr()?;
                if self.next() != Tok::RParen {
                    return Err(ParseError {
                        at,
                        message: FormulaMsg::ParenNotClosed,
                    });
                }
                Ok(e)
            }
            Tok::Ident(name) => {
                if self.peek() != &Tok::LParen {
                    return Ok(Expr::Indicator(name));
                }
                let Some(f) = Func::by_name(&name.to_lowercase()) else {
                    let known: Vec<&str> = Func::ALL.iter().map(|(n, _)| *n).collect();
                    return Err(ParseError {
                        at,
                        message: FormulaMsg::UnknownFunction {
                            name: name.clone(),
                            known: known.join(", "),
                        },
                    });
                };
                self.next();
                self.call(f, at)
            }
            Tok::End => Err(ParseError {
                at,
                message: FormulaMsg::EndsEarly,
            }),
            Tok::RParen => Err(ParseError {
                at,
                message: FormulaMsg::CloseForValue,
            }),
            Tok::Comma => Err(ParseError {
                at,
                message: FormulaMsg::CommaOutside,
            }),
            Tok::Op(_) => Err(ParseError {
                at,
                message: FormulaMsg::OperatorForValue,
            }),
        }
    }

    /// The arguments of `f` after its '('.
    fn call(&mut self, f: Func, at: usize) -> Result<Expr, ParseError> {
        let mut args = Vec::new();
        if self.peek() != &Tok::RParen {
            loop {
                args.push(self.expr()?);
                if self.peek() == &Tok::Comma {
                    self.next();
                } else {
                    break;
                }
            }
        }
        if self.next() != Tok::RParen {
            return Err(ParseError {
                at,
                message: FormulaMsg::CallNotClosed { name: f.name() },
            });
        }
        let sig = f.signature();
        let wrong = || ParseError {
            at,
            message: FormulaMsg::WrongArguments {
                name: f.name(),
                n: sig.len(),
                usage: f.usage(),
            },
        };
        if args.len() != sig.len() {
            return Err(wrong());
        }
        let (mut exprs, mut years) = (Vec::new(), Vec::new());
        for (a, kind) in args.into_iter().zip(sig.chars()) {
            if kind == 'E' {
                exprs.push(a);
                continue;
            }
            match a {
                Expr::Number(v) if v.fract() == 0.0 && (0.0..=200.0).contains(&v) => {
                    years.push(v as i32)
                }
                _ => {
                    return Err(ParseError {
                        at,
                        message: FormulaMsg::BadYears {
                            name: f.name(),
                            usage: f.usage(),
                        },
                    });
                }
            }
        }
        if f == Func::SumYears && years[0] < years[1] {
            return Err(ParseError {
                at,
                message: FormulaMsg::SumYearsOrder,
            });
        }
        Ok(Expr::Call(f, exprs, years))
    }
}

impl Expr {
    /// Indicator ids the formula reads, in order of first use.
    pub fn indicators(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Indicator(id) => {
                if !out.contains(&id.as_str()) {
                    out.push(id);
                }
            }
            Expr::Neg(e) => e.collect(out),
            Expr::Binary(_, a, b) => {
                a.collect(out);
                b.collect(out);
            }
            Expr::Call(_, args, _) => args.iter().for_each(|a| a.collect(out)),
        }
    }

    /// The denominator of a ratio formula: `a / b`, `a / b * 100`, `100 * a / b` (with a number
    /// as the only other factor) → `b`. With it a city reference or an aggregate is the ratio
    /// of sums, as for a loaded share.
    pub fn ratio_denominator(&self) -> Option<&str> {
        match self {
            Expr::Binary(Op::Div, num, den) => match (&**num, &**den) {
                (n, Expr::Indicator(d)) if n.is_numerator() => Some(d),
                _ => None,
            },
            Expr::Binary(Op::Mul, a, b) => match (&**a, &**b) {
                (Expr::Number(_), e) | (e, Expr::Number(_)) => e.ratio_denominator(),
                _ => None,
            },
            _ => None,
        }
    }

    /// What a ratio's numerator may be for the ratio of sums to hold: a sum or difference
    /// of indicators (`arrivals + departures`), or a number times one.
    fn is_numerator(&self) -> bool {
        match self {
            Expr::Binary(Op::Mul, a, b) => match (&**a, &**b) {
                (Expr::Number(_), e) | (e, Expr::Number(_)) => e.is_additive(),
                _ => false,
            },
            e => e.is_additive(),
        }
    }

    /// Whether the formula only adds, subtracts and shifts in time: then it is a count when
    /// every indicator it reads is one.
    pub fn is_additive(&self) -> bool {
        match self {
            Expr::Number(_) => false,
            Expr::Indicator(_) => true,
            Expr::Neg(e) => e.is_additive(),
            Expr::Binary(Op::Add | Op::Sub, a, b) => a.is_additive() && b.is_additive(),
            Expr::Binary(..) => false,
            Expr::Call(Func::Lag | Func::Change | Func::SumYears, args, _) => {
                args.iter().all(Expr::is_additive)
            }
            Expr::Call(..) => false,
        }
    }
}
