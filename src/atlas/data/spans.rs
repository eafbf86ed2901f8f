//! Where things are in a RON file.
//!
//! `ron` tells us where a syntax error is, but not where a value that parsed fine sits in the
//! file. Validation needs that to point at an unknown region or a duplicate id, so this module
//! re-reads text that `ron` has already accepted into a light tree of spans. It is lenient: on
//! anything it does not understand it stops, and lookups fall back to the nearest known span.

use std::ops::Range;

/// A RON value with the byte range it covers.
#[derive(Debug, Clone)]
pub struct Node {
    pub span: Range<usize>,
    /// The name before the parentheses: `Marker`, `Some`; `None` for `[..]`, `(..)`, leaves.
    pub name: Option<String>,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// `Name(field: value, ...)` or `(field: value, ...)`.
    Struct(Vec<(String, Node)>),
    /// `[a, b]`, `(a, b)`, `Name(a, b)`, `Some(a)`.
    Seq(Vec<Node>),
    /// `{ key: value }`.
    Map(Vec<(Node, Node)>),
    /// A string literal, unescaped.
    Str(String),
    /// A number, identifier, char, ...
    Atom,
}

impl Node {
    /// Parse `text`. Returns `None` when it is not RON this reader follows.
    pub fn parse(text: &str) -> Option<Node> {
        let mut p = Parser {
            src: text.as_bytes(),
            text,
            pos: 0,
            depth: 0,
        };
        p.skip_trivia();
        // Skip inner attributes such as `#![enable(implicit_some)]`.
        while p.peek() == Some(b'#') {
            while let Some(c) = p.peek() {
                p.pos += 1;
                if c == b']' {
                    break;
                }
            }
            p.skip_trivia();
        }
        p.value()
    }

    /// The value of a struct field.
    pub fn field(&self, name: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Struct(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The items of a list or tuple (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn index(&self, i: usize) -> Option<&Node> {
        self.items().get(i)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `Some(x)` unwrapped to `x`.
    pub fn unwrap_some(&self) -> &Node {
        match &self.kind {
            Kind::Seq(items) if items.len() == 1 && self.name.as_deref() == Some("Some") => {
                &items[0]
            }
            _ => self,
        }
    }
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 && self.pos < self.src.len() {
                        if self.src[self.pos..].starts_with(b"/*") {
                            depth += 1;
                            self.pos += 2;
                        } else if self.src[self.pos..].starts_with(b"*/") {
                            depth -= 1;
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_trivia();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > 256 {
            return None;
        }
        self.skip_trivia();
        let start = self.pos;
        let node = match self.peek()? {
            b'[' => {
                self.pos += 1;
                let items = self.list(b']')?;
                Node {
                    span: start..self.pos,
                    name: None,
                    kind: Kind::Seq(items),
                }
            }
            b'{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                loop {
                    if self.eat(b'}') {
                        break;
                    }
                    let k = self.value()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    let v = self.value()?;
                    entries.push((k, v));
                    if !self.eat(b',') {
                        if !self.eat(b'}') {
                            return None;
                        }
                        break;
                    }
                }
                Node {
                    span: start..self.pos,
                    name: None,
                    kind: Kind::Map(entries),
                }
            }
            b'(' => {
                self.pos += 1;
                let kind = self.parens()?;
                Node {
                    span: start..self.pos,
                    name: None,
                    kind,
                }
            }
            b'"' => {
                let s = self.string()?;
                Node {
                    span: start..self.pos,
                    name: None,
                    kind: Kind::Str(s),
                }
            }
            b'r' if matches!(self.src.get(self.pos + 1), Some(b'"' | b'#')) => {
                let s = self.raw_string()?;
                Node {
                    span: start..self.pos,
                    name: None,
                    kind: Kind::Str(s),
                }
            }
            b'\'' => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'\\' {
                        self.pos += 1;
                    } else if c == b'\'' {
                        break;
                    }
                }
                Node {
                    span: start..self.pos,
                    name: None,
                    kind: Kind::Atom,
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let ident = self.ident().to_string();
                let after_ident = self.pos;
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                    let kind = self.parens()?;
                    Node {
                        span: start..self.pos,
                        name: Some(ident),
                        kind,
                    }
                } else {
                    self.pos = after_ident;
                    Node {
                        span: start..self.pos,
                        name: None,
                        kind: Kind::Atom,
                    }
                }
            }
            _ => {
                // Numbers and anything else up to a delimiter.
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b')' | b']' | b'}' | b':') || c.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
                if self.pos == start {
                    return None;
                }
                Node {
                    span: start..self.pos,
                    name: None,
                    kind: Kind::Atom,
                }
            }
        };
        self.depth -= 1;
        Some(node)
    }

    fn ident(&mut self) -> &str {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        &self.text[start..self.pos]
    }

    /// After `(`: struct fields if the first thing is `ident:`, else a tuple.
    fn parens(&mut self) -> Option<Kind> {
        self.skip_trivia();
        let save = self.pos;
        let is_struct = {
            let id = self.ident().to_string();
            let ok = !id.is_empty() && {
                self.skip_trivia();
                self.peek() == Some(b':')
            };
            self.pos = save;
            ok
        };
        if !is_struct {
            return Some(Kind::Seq(self.list(b')')?));
        }
        let mut fields = Vec::new();
        loop {
            if self.eat(b')') {
                break;
            }
            self.skip_trivia();
            let name = self.ident().to_string();
            if name.is_empty() || !self.eat(b':') {
                return None;
            }
            let v = self.value()?;
            fields.push((name, v));
            if !self.eat(b',') {
                if !self.eat(b')') {
                    return None;
                }
                break;
            }
        }
        Some(Kind::Struct(fields))
    }

    fn list(&mut self, close: u8) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                break;
            }
            items.push(self.value()?);
            if !self.eat(b',') {
                if !self.eat(close) {
                    return None;
                }
                break;
            }
        }
        Some(items)
    }

    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        let mut chunk_start = self.pos;
        loop {
            match self.peek()? {
                b'"' => {
                    out.push_str(&self.text[chunk_start..self.pos]);
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(&self.text[chunk_start..self.pos]);
                    let esc = *self.src.get(self.pos + 1)?;
                    out.push(match esc {
                        b'n' => '\n',
                        b't' => '\t',
                        b'"' => '"',
                        b'\\' => '\\',
                        other => other as char,
                    });
                    self.pos += 2;
                    chunk_start = self.pos;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn raw_string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        let closing: Vec<u8> = std::iter::once(b'"')
            .chain(std::iter::repeat_n(b'#', hashes))
            .collect();
        while self.pos < self.src.len() {
            if self.src[self.pos..].starts_with(&closing) {
                let s = self.text[start..self.pos].to_string();
                self.pos += closing.len();
                return Some(s);
            }
            self.pos += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = r#"// comment
Atlas(
    points: [
        TriggerPoint(id: "a", essential: ["temple", "x\"y"], markers: [Marker(view: Back, x: 0.1, y: 0.5)]),
    ],
    sources: { "k": 1 },
)"#;
        let root = Node::parse(text).unwrap();
        let p = root.field("points").unwrap().index(0).unwrap();
        let zone = p.field("essential").unwrap().index(1).unwrap();
        assert_eq!(zone.as_str(), Some("x\"y"));
        assert_eq!(&text[zone.span.clone()], r#""x\"y""#);
        let x = p
            .field("markers")
            .unwrap()
            .index(0)
            .unwrap()
            .field("x")
            .unwrap();
        assert_eq!(&text[x.span.clone()], "0.1");
    }

    #[test]
    fn gives_up_quietly_on_broken_text() {
        assert!(Node::parse("Atlas(points: [").is_none());
        assert!(Node::parse("").is_none());
    }
}
