//! The start form shown when the file to open does not exist yet: last year's sheet (given
//! with `--previous`, guessed beside the file, or typed with Tab completion) and whether to
//! carry its answers, organisation, 団体コード, 都道府県, 年度 (default the current one, or
//! the year after last year's sheet), edition, respondent and the catalog's profile questions
//! (重要機能室), then the button that creates the sheet (whose first Enter says so when last
//! year's sheet may not be this one's: another organisation, not the year before; the second
//! creates). A `Form` (`form`) with these fields.
//! Pure: reading last year's sheet and listing a directory for completion are asked of the
//! caller ([`StartOutcome::ReadPrevious`], [`StartOutcome::ListDir`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::OffsetDateTime;

use crate::catalog::Catalogs;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::sheet::Header;
use crate::sheet::{CatalogRef, Sheet};
use crate::tui::form::{FieldId, FieldValue, Form, FormField, Outcome, Purpose};
use crate::tui::keymap::modes::PATH_FIELD;
use crate::tui::previous::PreviousSheet;

pub enum StartOutcome {
    Continue,
    Cancel,
    Create(Box<Sheet>),
    /// Read this file as last year's sheet and hand it to [`Form::previous_read`].
    ReadPrevious(PathBuf),
    /// List this directory (names, and whether each is a directory) and hand it to
    /// [`Form::completed`].
    ListDir(PathBuf),
}

impl Form {
    /// The start form, the 年度 pre-filled with the current one, on the organisation.
    pub fn start(catalogs: &Catalogs, now: OffsetDateTime, lang: Lang) -> Form {
        let edition = catalogs.for_edition(None).edition;
        let year = FiscalYear::containing(now.year(), u8::from(now.month())).field_text(lang);
        let field = |id, value| FormField { id, value };
        let mut form = Form::new(
            Purpose::Start,
            Header::default(),
            lang,
            vec![
                field(FieldId::Previous, FieldValue::Text(String::new())),
                field(FieldId::Carry, FieldValue::YesNo(Some(false))),
                field(FieldId::Organization, FieldValue::Text(String::new())),
                field(FieldId::OrganizationCode, FieldValue::Text(String::new())),
                field(FieldId::Prefecture, FieldValue::Text(String::new())),
                field(FieldId::Year, FieldValue::Text(String::new())),
                field(FieldId::Edition, FieldValue::Edition(edition)),
                field(FieldId::Respondent, FieldValue::Text(String::new())),
                field(FieldId::Create, FieldValue::Button),
            ],
        );
        form.prefill(FieldId::Year, &year);
        form.ask(
            &catalogs.for_edition(Some(edition)).profile,
            &BTreeMap::new(),
        );
        form.focus_field(form.index(FieldId::Organization).unwrap_or(0));
        form
    }

    /// Offers `name` as last year's sheet (a guess beside the file): shown, and read when
    /// the field is left or before the sheet is created; typing replaces it.
    pub(crate) fn offer_previous(&mut self, name: &str) {
        self.prefill(FieldId::Previous, name);
    }

    /// Last year's sheet, read from the file `shown`: it fills in what is still blank or
    /// still the program's ([`Form::prefilled`]: organisation, 団体コード and 都道府県,
    /// respondent), the profile answers not given, the 年度 after its own unless one was
    /// typed, and its edition; carrying its answers is offered (yes). What it fills in is
    /// the program's: typing replaces it.
    pub(crate) fn use_previous(
        &mut self,
        previous: PreviousSheet,
        shown: &str,
        catalogs: &Catalogs,
    ) {
        let last = &previous.sheet;
        // Not typed: blank, or the program's.
        let open =
            |f: &Form, id| f.is_prefilled(id) || f.text(id).is_some_and(|t| t.trim().is_empty());
        let fill = |f: &mut Form, id, value: &str| {
            if open(f, id) {
                f.prefill(id, value);
            }
        };
        fill(self, FieldId::Previous, shown);
        fill(self, FieldId::Organization, &last.organization);
        // Its 団体コード and 都道府県 are its organisation's: not filled in for another name.
        let typed = self.text(FieldId::Organization).unwrap_or_default();
        if open(self, FieldId::OrganizationCode)
            && open(self, FieldId::Prefecture)
            && !crate::organization::Identity::another_by_name(typed, &last.organization)
        {
            fill(self, FieldId::OrganizationCode, &last.organization_code);
            fill(self, FieldId::Prefecture, &last.prefecture);
        }
        fill(self, FieldId::Respondent, &last.respondent);
        if self.is_prefilled(FieldId::Year) {
            let next_year = FiscalYear(last.fiscal_year + 1).field_text(self.lang);
            self.prefill(FieldId::Year, &next_year);
        }
        let edition = previous.catalog.edition;
        self.set(FieldId::Edition, FieldValue::Edition(edition));
        let mut answers = last.profile.clone();
        answers.extend(self.answers().map(|(q, v)| (q.to_string(), v)));
        self.ask(&catalogs.for_edition(Some(edition)).profile, &answers);
        self.set(FieldId::Carry, FieldValue::YesNo(Some(true)));
        let read_from = self.text(FieldId::Previous).unwrap_or_default().to_string();
        self.previous = Some((Box::new(previous), read_from));
        self.focus_field(self.focus.min(self.fields.len() - 1));
    }

    fn set(&mut self, id: FieldId, value: FieldValue) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.value = value;
        }
    }

    /// Last year's sheet as read for what the `Previous` field says now: `None` when the
    /// field was changed since, or is blank.
    fn current_previous(&self) -> Option<&PreviousSheet> {
        let typed = self.text(FieldId::Previous)?;
        let (p, from) = self.previous.as_ref()?;
        (from == typed && !typed.trim().is_empty()).then_some(&**p)
    }

    /// [`Self::current_previous`], taken out of the form (for the interview to show).
    pub(crate) fn take_previous(&mut self) -> Option<PreviousSheet> {
        self.current_previous()?;
        self.previous.take().map(|(p, _)| *p)
    }

    /// The `Previous` field names a file not read yet.
    fn unread_previous(&self) -> Option<PathBuf> {
        let typed = self.text(FieldId::Previous)?.trim();
        let read = self.previous.as_ref().map(|(_, from)| from.trim());
        (!typed.is_empty() && read != Some(typed)).then(|| PathBuf::from(typed))
    }

    /// What reading the file of [`StartOutcome::ReadPrevious`] gave: the form filled in from
    /// it, or why it could not be read (said on the field).
    pub(crate) fn previous_read(
        &mut self,
        read: Result<PreviousSheet, String>,
        catalogs: &Catalogs,
    ) {
        let typed = self.text(FieldId::Previous).unwrap_or_default().to_string();
        match read {
            Ok(previous) => self.use_previous(previous, &typed, catalogs),
            Err(why) => {
                self.previous = None;
                self.fail(FieldId::Previous, &why, &why);
            }
        }
    }

    /// A key or paste not taken while the terminal is too small to show the form: counted on
    /// the small screen, and said in the form once it is shown again.
    pub(crate) fn not_taken(&mut self) {
        self.not_taken += 1;
        self.error = Some(crate::tui::not_taken_said(self.lang, self.not_taken));
    }

    /// The terminal shows the form again: a later small spell counts from nothing.
    pub(crate) fn enlarged(&mut self) {
        self.not_taken = 0;
    }

    /// Handles a key in the start form: a new edition asks its catalog's questions, the
    /// button creates the sheet; Tab in the file field asks for its directory's names to
    /// complete from, and leaving the field asks for the file to be read.
    pub fn start_key(
        &mut self,
        key: KeyEvent,
        catalogs: &Catalogs,
        now: OffsetDateTime,
    ) -> StartOutcome {
        if key.kind != KeyEventKind::Press {
            return StartOutcome::Continue;
        }
        if self.focused() == FieldId::Previous && PATH_FIELD.lookup(&key).is_some() {
            self.error = None;
            let typed = self.text(FieldId::Previous).unwrap_or_default();
            return StartOutcome::ListDir(directory_of(typed));
        }
        self.step(key, catalogs, now)
    }

    /// The `Previous` field completed from `names` (the entries of the directory of
    /// [`StartOutcome::ListDir`], with whether each is a directory); when nothing is left to
    /// complete, Tab moves on as in any field.
    pub(crate) fn completed(
        &mut self,
        names: &[(String, bool)],
        catalogs: &Catalogs,
        now: OffsetDateTime,
    ) -> StartOutcome {
        let typed = self.text(FieldId::Previous).unwrap_or_default().to_string();
        match complete_path(&typed, names) {
            Some(longer) if longer != typed => {
                self.cursor = longer.chars().count();
                if let Some(t) = self.text_mut(FieldId::Previous) {
                    *t = longer;
                }
                self.typed_in(FieldId::Previous);
                StartOutcome::Continue
            }
            _ => {
                let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
                self.step(tab, catalogs, now)
            }
        }
    }

    fn step(&mut self, key: KeyEvent, catalogs: &Catalogs, now: OffsetDateTime) -> StartOutcome {
        let was = self.focused();
        match self.key(&key) {
            Outcome::Stay => {}
            Outcome::Switched => {
                self.ask(
                    &catalogs.for_edition(self.edition()).profile,
                    &BTreeMap::new(),
                );
            }
            Outcome::Submit => {
                if let Some(path) = self.unread_previous() {
                    // Read and shown first, never carried unseen: Enter again creates.
                    return StartOutcome::ReadPrevious(path);
                }
                return self.create(catalogs, now);
            }
            Outcome::Leave => return StartOutcome::Cancel,
        }
        if was == FieldId::Previous
            && self.focused() != FieldId::Previous
            && let Some(path) = self.unread_previous()
        {
            return StartOutcome::ReadPrevious(path);
        }
        StartOutcome::Continue
    }

    fn carry(&self) -> bool {
        matches!(
            self.value(FieldId::Carry),
            Some(FieldValue::YesNo(Some(true)))
        )
    }

    fn create(&mut self, catalogs: &Catalogs, now: OffsetDateTime) -> StartOutcome {
        if self.carry() && self.current_previous().is_none() {
            self.fail(
                FieldId::Previous,
                "引き継ぐ前年度のシートを指定してください (引き継がないときは「いいえ」)",
                "give last year's sheet to carry from (or answer no)",
            );
            return StartOutcome::Continue;
        }
        let Some(organization) = self.require_organization() else {
            return StartOutcome::Continue;
        };
        // Last year's 団体コード and 都道府県, filled in before another name was typed, are not
        // this organisation's: cleared, so that the doubt below is said by name.
        let last_name = self
            .current_previous()
            .map(|p| p.sheet.organization.clone());
        if last_name.is_some_and(|last| {
            crate::organization::Identity::another_by_name(&organization, &last)
        }) && self.is_prefilled(FieldId::OrganizationCode)
            && self.is_prefilled(FieldId::Prefecture)
        {
            self.prefill(FieldId::OrganizationCode, "");
            self.prefill(FieldId::Prefecture, "");
        }
        let Some((code, prefecture)) = self.require_identity() else {
            return StartOutcome::Continue;
        };
        let typed_year = self.text(FieldId::Year).unwrap_or_default();
        let year = match FiscalYear::parse(typed_year) {
            Ok(y) => y,
            Err(e) => {
                let ja = format!(
                    "「{}」は年度として読めません。令和8年度・R8・2026 のように入力してください (平成元年度から2100年度まで)",
                    typed_year.trim()
                );
                self.fail(FieldId::Year, &ja, &e);
                return StartOutcome::Continue;
            }
        };
        if let Some(i) = (0..self.questions.len()).find(|&i| self.answer(i).is_none()) {
            self.fail(
                FieldId::Profile(i),
                "はい (y) か いいえ (n) で答えてください",
                "answer yes (y) or no (n)",
            );
            return StartOutcome::Continue;
        }
        let catalog = catalogs.for_edition(self.edition());
        let mut sheet = Sheet::new(
            CatalogRef {
                id: catalog.id.clone(),
                revision: catalog.revision.clone(),
            },
            &organization,
            year,
            now,
        );
        (sheet.organization_code, sheet.prefecture) = (code, prefecture);
        sheet.respondent = self
            .text(FieldId::Respondent)
            .unwrap_or_default()
            .trim()
            .to_string();
        for (id, v) in self.answers() {
            sheet.profile.insert(id.to_string(), v);
        }
        // Said before the file exists, not when the interview opens beside it: a year before
        // the catalog's revision, last year's sheet not this one's; the same doubts said
        // already, Enter creates.
        let mut doubts: Vec<String> = catalog
            .year_before_revision(year, self.lang)
            .into_iter()
            .collect();
        if let Some(last) = self.current_previous() {
            let pairing = crate::diff::pairing(&last.sheet, &sheet);
            doubts.extend(pairing.iter().map(|m| m.sentence(self.lang)));
        }
        // Sentences, each ended as its language ends one.
        let stop = self.lang.pick("。", ". ");
        let doubt = doubts.join(stop);
        if !doubt.is_empty() && self.doubt_said.as_deref() != Some(doubt.as_str()) {
            let again = self.lang.pick(
                "このまま作成するには、もう一度 Enter を押してください",
                "Press Enter again to create it as it is",
            );
            self.error = Some(format!("{doubt}{stop}{again}"));
            self.doubt_said = Some(doubt);
            return StartOutcome::Continue;
        }
        if self.carry()
            && let Some(last) = self.current_previous()
        {
            let all = |_: &str| true;
            crate::carry::carry_forward(last.catalog, &last.sheet, catalog, &mut sheet, &all, now);
        }
        StartOutcome::Create(Box::new(sheet))
    }
}

/// The directory whose names complete `typed` (a file name, perhaps after a directory).
pub(crate) fn directory_of(typed: &str) -> PathBuf {
    PathBuf::from(match typed.rfind('/') {
        Some(0) => "/",
        Some(at) => &typed[..at],
        None => ".",
    })
}

/// `typed` (a file name, perhaps after a directory) completed from `names`, the entries of
/// its directory (name, whether a directory): as far as every name that begins so agrees,
/// with `/` after a single directory. Names beginning with `.` only when `.` is typed. `None`
/// when no name begins so.
pub(crate) fn complete_path(typed: &str, names: &[(String, bool)]) -> Option<String> {
    let (dir, start) = match typed.rfind('/') {
        Some(at) => typed.split_at(at + 1),
        None => ("", typed),
    };
    let fitting: Vec<&(String, bool)> = names
        .iter()
        .filter(|(n, _)| n.starts_with(start) && (start.starts_with('.') || !n.starts_with('.')))
        .collect();
    let (first, _) = fitting.first()?;
    let mut common: Vec<char> = first.chars().collect();
    for (n, _) in &fitting[1..] {
        let same = common
            .iter()
            .zip(n.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        common.truncate(same);
    }
    let mut out = format!("{dir}{}", common.iter().collect::<String>());
    if let [(_, true)] = fitting.as_slice() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use ratatui::crossterm::event::KeyCode;
    use time::macros::datetime;

    pub(super) use crate::tui::editor::tests::k;

    /// The start form as it opens at `now` in `lang`, on the built-in catalogs.
    fn opened(now: OffsetDateTime, lang: Lang) -> (Catalogs, Form) {
        let cats = Catalogs::default();
        let f = Form::start(&cats, now, lang);
        (cats, f)
    }

    #[test]
    fn fills_in_and_creates_a_sheet() {
        let now = datetime!(2027-02-10 10:00 +9);
        let (cats, mut f) = opened(now, Lang::Ja);
        assert_eq!(
            f.text(FieldId::Year),
            Some("令和8年度"),
            "February 2027 is in FY2026"
        );
        for c in "例市".chars() {
            f.start_key(k(KeyCode::Char(c)), &cats, now);
        }
        f.start_key(k(KeyCode::Enter), &cats, now); // code
        f.start_key(k(KeyCode::Enter), &cats, now); // prefecture
        f.start_key(k(KeyCode::Enter), &cats, now); // year
        f.start_key(k(KeyCode::Enter), &cats, now); // edition
        f.start_key(k(KeyCode::Enter), &cats, now); // respondent
        for c in "情報政策課".chars() {
            f.start_key(k(KeyCode::Char(c)), &cats, now);
        }
        f.start_key(k(KeyCode::Enter), &cats, now); // profile
        // Creating without the profile answer is refused and focuses the question.
        f.start_key(k(KeyCode::Down), &cats, now);
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert!(f.error.is_some());
        assert_eq!(f.focused(), FieldId::Profile(0));
        f.start_key(k(KeyCode::Char('y')), &cats, now);
        f.start_key(k(KeyCode::Enter), &cats, now);
        match f.start_key(k(KeyCode::Enter), &cats, now) {
            StartOutcome::Create(s) => {
                assert_eq!(s.organization, "例市");
                assert_eq!(s.fiscal_year, 2026);
                assert_eq!(s.respondent, "情報政策課");
                assert_eq!(s.profile.get("important_room"), Some(&true));
                assert_eq!(s.catalog.id, "juki-municipal");
            }
            _ => panic!("expected a sheet"),
        }
    }

    /// A field takes 100 characters: what a paste or typing would add beyond them is said,
    /// not dropped unseen; a paste into a choice is said to change nothing.
    #[test]
    fn text_beyond_a_fields_length_and_a_paste_into_a_choice_are_said() {
        let now = datetime!(2026-05-01 10:00 +9);
        let (cats, mut f) = opened(now, Lang::Ja);
        assert_eq!(f.focused(), FieldId::Organization);
        f.paste(&"い".repeat(150));
        assert_eq!(f.text(FieldId::Organization).unwrap().chars().count(), 100);
        let said = f.error.clone().unwrap_or_default();
        assert!(
            said.contains("100 文字まで") && said.contains("50 文字"),
            "{said}"
        );
        // Typing on at the end: refused, and said again.
        f.error = None;
        f.start_key(k(KeyCode::Char('Z')), &cats, now);
        assert!(!f.text(FieldId::Organization).unwrap().contains('Z'));
        assert!(
            f.error
                .as_deref()
                .is_some_and(|e| e.contains("100 文字まで"))
        );
        // A key that edits (Backspace) is no refusal, and a character then fits.
        f.start_key(k(KeyCode::Backspace), &cats, now);
        assert_eq!(f.error, None);
        f.start_key(k(KeyCode::Char('Z')), &cats, now);
        assert!(f.text(FieldId::Organization).unwrap().ends_with('Z'));
        assert_eq!(f.error, None);
        // A paste that fits says nothing.
        f.focus_field(f.index(FieldId::Respondent).unwrap());
        f.paste("情報政策課");
        assert_eq!(f.error, None);
        // Into the edition (a choice): nothing changes, and that is said.
        f.focus_field(f.index(FieldId::Edition).unwrap());
        let before = f.clone();
        f.paste("national");
        assert_eq!(f.fields, before.fields);
        assert!(f.error.as_deref().is_some_and(|e| e.contains("選択肢")));
    }

    #[test]
    fn bad_year_and_empty_organisation_are_refused() {
        let now = datetime!(2026-05-01 10:00 +9);
        let (cats, mut f) = opened(now, Lang::En);
        f.focus = f.fields.len() - 1;
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert_eq!(f.focused(), FieldId::Organization);
        *f.text_mut(FieldId::Organization).unwrap() = "X".into();
        *f.text_mut(FieldId::Year).unwrap() = "R0".into();
        f.focus = f.fields.len() - 1;
        f.start_key(k(KeyCode::Enter), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        assert!(matches!(
            f.start_key(k(KeyCode::Esc), &cats, now),
            StartOutcome::Cancel
        ));
    }

    /// Presses the keys of a script ([`crate::tui::app::tests::script`]).
    pub(super) fn keys(f: &mut Form, keys: &str, cats: &Catalogs, now: OffsetDateTime) {
        for key in crate::tui::app::tests::script(keys) {
            f.start_key(key, cats, now);
        }
    }

    #[test]
    fn spaces_are_text_and_the_cursor_moves_inside_a_field() {
        let now = datetime!(2027-02-10 10:00 +9);
        let (cats, mut f) = opened(now, Lang::Ja);
        f.focus = f.index(FieldId::Respondent).unwrap();
        let respondent = |f: &Form| f.text(FieldId::Respondent).unwrap().to_string();
        keys(&mut f, "情報政策課 情報セキュリティ担当", &cats, now);
        assert_eq!(respondent(&f), "情報政策課 情報セキュリティ担当");
        // A typo in the middle: Left moves, Backspace works at the cursor.
        keys(&mut f, "<C-u>情報政策課 情報セキョリティ担当", &cats, now);
        keys(
            &mut f,
            "<Left><Left><Left><Left><Left><Backspace>ュ",
            &cats,
            now,
        );
        assert_eq!(respondent(&f), "情報政策課 情報セキュリティ担当");
        assert_eq!(f.cursor, 11);
        keys(
            &mut f,
            "<Home>A<C-e>Z<C-a><Delete><End><Right>!",
            &cats,
            now,
        );
        assert_eq!(respondent(&f), "情報政策課 情報セキュリティ担当Z!");
        // The notes editors' line keys (the file field's too): Ctrl-W and Alt-Backspace a
        // word, Ctrl-K to the end, Alt-B/Alt-F by words.
        keys(&mut f, "<C-u>情報政策課 山田 一郎<C-w>", &cats, now);
        assert_eq!(respondent(&f), "情報政策課 山田 ");
        keys(&mut f, "<A-b><C-k>", &cats, now);
        assert_eq!(respondent(&f), "情報政策課 ");
        f.focus_field(f.index(FieldId::Previous).unwrap());
        keys(&mut f, "old/r7.ron<A-Backspace><C-a><A-f>er", &cats, now);
        assert_eq!(f.text(FieldId::Previous).unwrap(), "older/r7.");
        // Space still chooses on the edition and the profile questions.
        f.focus = f.index(FieldId::Edition).unwrap();
        keys(&mut f, " ", &cats, now);
        assert_eq!(f.edition(), Some(Edition::National));
    }

    #[test]
    fn the_prefilled_year_is_replaced_by_typing_and_kept_by_editing() {
        let now = datetime!(2027-02-10 10:00 +9);
        let (cats, mut f) = opened(now, Lang::Ja);
        f.focus_field(f.index(FieldId::Year).unwrap() - 1);
        f.start_key(k(KeyCode::Tab), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        keys(&mut f, "R9", &cats, now);
        assert_eq!(f.text(FieldId::Year).unwrap(), "R9", "not 令和8年度R9");
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.focus_field(f.index(FieldId::Year).unwrap() - 1);
        f.start_key(k(KeyCode::Tab), &cats, now);
        // Editing the default keeps it: Backspace then a digit changes one character.
        f.start_key(k(KeyCode::Left), &cats, now);
        f.start_key(k(KeyCode::Left), &cats, now);
        f.start_key(k(KeyCode::Backspace), &cats, now);
        keys(&mut f, "9", &cats, now);
        assert_eq!(f.text(FieldId::Year).unwrap(), "令和9年度");
    }

    #[test]
    fn errors_follow_the_interface_language() {
        let now = datetime!(2026-05-01 10:00 +9);
        let (cats, mut f) = opened(now, Lang::Ja);
        *f.text_mut(FieldId::Organization).unwrap() = "例市".into();
        *f.text_mut(FieldId::Year).unwrap() = "R0".into();
        f.focus = f.fields.len() - 1;
        f.start_key(k(KeyCode::Enter), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        let e = f.error.clone().unwrap();
        assert!(e.contains("年度") && !e.contains(" is "), "{e}");
        assert_eq!(
            f.cursor, 2,
            "the cursor waits at the end of the refused year"
        );
    }
}

#[cfg(test)]
mod identity_and_previous_tests {
    use super::tests::{k, keys};
    use super::*;
    use crate::catalog::Catalog;
    use time::macros::datetime;

    /// Issue 20 (left over): the start form asks for the 団体コード and 都道府県, checks the
    /// code's check digit, keeps 東京 as 東京都, and refuses a code of another prefecture.
    #[test]
    fn the_code_and_prefecture_are_asked_checked_and_kept() {
        let (cats, now) = (Catalogs::default(), NOW);
        let mut f = Form::start(&cats, now, Lang::Ja);
        let labels: Vec<String> = f.fields.iter().map(|x| f.label(x.id)).collect();
        assert_eq!(labels[2..5], ["団体名", "団体コード", "都道府県"]);
        let typed = |f: &mut Form, t: &str| {
            for c in t.chars() {
                f.start_key(k(KeyCode::Char(c)), &cats, now);
            }
        };
        typed(&mut f, "府中市");
        f.start_key(k(KeyCode::Tab), &cats, now);
        typed(&mut f, "342085");
        f.start_key(k(KeyCode::Tab), &cats, now);
        assert!(
            f.error.as_deref().unwrap().contains("検査数字"),
            "said at once"
        );
        f.start_key(k(KeyCode::BackTab), &cats, now);
        f.start_key(k(KeyCode::Backspace), &cats, now);
        typed(&mut f, "4");
        f.start_key(k(KeyCode::Tab), &cats, now);
        assert_eq!(f.error, None);
        assert_eq!(f.text(FieldId::Prefecture), Some("広島県"), "from the code");
        *f.text_mut(FieldId::Prefecture).unwrap() = "東京".into();
        f.focus_field(f.index(FieldId::Profile(0)).unwrap());
        f.start_key(k(KeyCode::Char('y')), &cats, now);
        f.focus_field(f.fields.len() - 1);
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert_eq!(f.focused(), FieldId::Prefecture);
        assert!(f.error.as_deref().unwrap().contains("広島県"));
        *f.text_mut(FieldId::Prefecture).unwrap() = "広島".into();
        f.focus_field(f.fields.len() - 1);
        match f.start_key(k(KeyCode::Enter), &cats, now) {
            StartOutcome::Create(s) => {
                assert_eq!(s.organization_code, "342084");
                assert_eq!(s.prefecture, "広島県");
                assert_eq!(s.identity().to_string(), "広島県府中市 (342084)");
            }
            _ => panic!("expected a sheet: {:?}", f.error),
        }
        // Both are optional; in English the refusal is English.
        let mut f = Form::start(&cats, now, Lang::En);
        *f.text_mut(FieldId::Organization).unwrap() = "X".into();
        *f.text_mut(FieldId::OrganizationCode).unwrap() = "1320".into();
        f.focus_field(f.fields.len() - 1);
        f.start_key(k(KeyCode::Enter), &cats, now);
        assert_eq!(f.focused(), FieldId::OrganizationCode);
        assert!(f.error.as_deref().unwrap().contains("six digits"));
    }

    /// The 都道府県 that a 団体コード fills in is the program's, not typed: typing a prefecture
    /// over it went after it (「北海道北海道」, refused). Typed over, it is replaced, as the
    /// pre-filled 年度 is, and so is a paste; edited first (Backspace), it is kept and edited;
    /// passing through the field keeps it the program's, and then another code fills in its
    /// own prefecture — never over one the user typed.
    #[test]
    fn a_prefecture_filled_in_from_the_code_is_replaced_by_typing() {
        let (cats, now) = (Catalogs::default(), NOW);
        let filled = || {
            let mut f = Form::start(&cats, now, Lang::Ja);
            keys(&mut f, "例市<Tab>011002<Tab>", &cats, now);
            assert_eq!(f.focused(), FieldId::Prefecture);
            assert_eq!(f.text(FieldId::Prefecture), Some("北海道"), "from the code");
            f
        };
        let mut f = filled();
        keys(&mut f, "北海道", &cats, now);
        assert_eq!(f.text(FieldId::Prefecture), Some("北海道"), "typed over");
        keys(&mut f, "<Tab>", &cats, now);
        assert_eq!(f.error, None);
        // Typed, it is the user's: typing goes in at the cursor from then on.
        keys(&mut f, "<BackTab>道", &cats, now);
        assert_eq!(f.text(FieldId::Prefecture), Some("北海道道"));
        let mut f = filled();
        f.paste("北海道");
        assert_eq!(f.text(FieldId::Prefecture), Some("北海道"), "pasted over");
        let mut f = filled();
        keys(&mut f, "<Backspace>道", &cats, now);
        assert_eq!(f.text(FieldId::Prefecture), Some("北海道"), "edited");
        // Passed through, still the program's: replaced by typing, and by another code's.
        let mut f = filled();
        keys(&mut f, "<Tab><BackTab>東京<Tab>", &cats, now);
        assert_eq!(f.text(FieldId::Prefecture), Some("東京都"));
        let mut f = filled();
        keys(&mut f, "<BackTab><C-u>131016<Tab>", &cats, now);
        assert_eq!(
            f.text(FieldId::Prefecture),
            Some("東京都"),
            "the new code's"
        );
        let mut f = filled();
        keys(
            &mut f,
            "北海道<BackTab><BackTab><C-u>131016<Tab>",
            &cats,
            now,
        );
        assert_eq!(f.text(FieldId::Prefecture), Some("北海道"), "typed: kept");
    }

    /// What last year's sheet fills in is the program's too: the first character typed
    /// replaces it (the organisation, the respondent, the 団体コード and its 都道府県), and
    /// the file guessed beside the new one; edited, it is kept.
    #[test]
    fn what_last_years_sheet_fills_in_is_replaced_by_typing() {
        let (cats, now) = (Catalogs::default(), NOW);
        let mut f = Form::start(&cats, now, Lang::En);
        f.use_previous(last_year(), "r7.ron", &cats);
        f.focus_field(f.index(FieldId::Organization).unwrap());
        keys(&mut f, "府中市<Tab>342084<Tab>広島<Tab>", &cats, now);
        let respondent = f.index(FieldId::Respondent).unwrap();
        f.focus_field(respondent);
        keys(&mut f, "総務課", &cats, now);
        let text = |f: &Form, id| f.text(id).unwrap().to_string();
        assert_eq!(
            [
                FieldId::Organization,
                FieldId::OrganizationCode,
                FieldId::Prefecture,
                FieldId::Respondent,
            ]
            .map(|id| text(&f, id)),
            ["府中市", "342084", "広島県", "総務課"]
        );
        assert_eq!(f.error, None);
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.use_previous(last_year(), "r7.ron", &cats);
        f.focus_field(f.index(FieldId::Organization).unwrap());
        keys(&mut f, "<Home>北海道 ", &cats, now);
        assert_eq!(text(&f, FieldId::Organization), "北海道 例市", "edited");
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.offer_previous("r7.ron");
        f.focus_field(f.index(FieldId::Previous).unwrap());
        keys(&mut f, "2025.ron", &cats, now);
        assert_eq!(
            text(&f, FieldId::Previous),
            "2025.ron",
            "the guess typed over"
        );
    }

    /// Found by a reviewer: with みどり町 typed as the organisation, last year's sheet of 例市
    /// filled in 例市's 団体コード and 都道府県, and the sheet was made with them without a word
    /// (both sheets having that code, last year's was never doubted). Last year's code and
    /// prefecture are its organisation's: they are filled in only for the same name, and
    /// where they were filled in before another name was typed, creating clears them and
    /// says that last year's sheet is another organisation's.
    #[test]
    fn last_years_code_is_not_another_organisations() {
        let (cats, now) = (Catalogs::default(), NOW);
        let text = |f: &Form, id| f.text(id).unwrap_or_default().to_string();
        // Typed first, then last year's sheet read.
        let mut f = Form::start(&cats, now, Lang::Ja);
        keys(&mut f, "みどり町", &cats, now);
        f.use_previous(last_year(), "r7.ron", &cats);
        assert_eq!(text(&f, FieldId::OrganizationCode), "");
        assert_eq!(text(&f, FieldId::Prefecture), "");
        // Read first (例市 and its code filled in), then another name typed over it.
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.use_previous(last_year(), "r7.ron", &cats);
        assert_eq!(text(&f, FieldId::OrganizationCode), "011002");
        f.focus_field(f.index(FieldId::Organization).unwrap());
        keys(&mut f, "みどり町", &cats, now);
        assert!(matches!(f.create(&cats, now), StartOutcome::Continue));
        let said = f.error.clone().unwrap_or_default();
        assert!(
            said.contains("前年のシートは別の団体「例市」のものです"),
            "{said}"
        );
        assert_eq!(text(&f, FieldId::OrganizationCode), "");
        match f.create(&cats, now) {
            StartOutcome::Create(s) => {
                assert_eq!(s.organization, "みどり町");
                assert_eq!(
                    (s.organization_code.as_str(), s.prefecture.as_str()),
                    ("", "")
                );
            }
            _ => panic!("the second Enter creates it: {:?}", f.error),
        }
        // The same organisation: its code stays.
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.use_previous(last_year(), "r7.ron", &cats);
        match f.create(&cats, now) {
            StartOutcome::Create(s) => assert_eq!(s.organization_code, "011002"),
            _ => panic!("created: {:?}", f.error),
        }
    }

    const NOW: OffsetDateTime = datetime!(2026-05-01 10:00 +9);

    /// 例市's sheet of 令和7年度 (the demo's), with a 団体コード.
    fn last_year() -> PreviousSheet {
        let mut sheet: Sheet = crate::ron::ron_options()
            .from_str(crate::cmd::open::DEMO_PREVIOUS_SHEET)
            .unwrap();
        sheet.organization_code = "011002".into();
        sheet.prefecture = "北海道".into();
        PreviousSheet {
            catalog: Catalog::builtin(crate::catalog::Edition::Municipal),
            sheet,
            name: "r7.ron".into(),
        }
    }

    /// In English the 年度 is pre-filled as English readers write it, and read back: the
    /// current one, and the one after last year's sheet.
    #[test]
    fn the_english_form_prefills_the_year_in_english() {
        let cats = Catalogs::default();
        let mut f = Form::start(&cats, NOW, Lang::En);
        assert_eq!(f.text(FieldId::Year), Some("FY2026"));
        *f.text_mut(FieldId::Year).unwrap() = String::new();
        f.prefilled = vec![FieldId::Year];
        f.use_previous(last_year(), "r7.ron", &cats);
        assert_eq!(f.text(FieldId::Year), Some("FY2026"));
        f.focus_field(f.fields.len() - 1);
        let StartOutcome::Create(s) = f.start_key(k(KeyCode::Enter), &cats, NOW) else {
            panic!("expected a sheet: {:?}", f.error);
        };
        assert_eq!(s.fiscal_year, 2026);
        let f = Form::start(&cats, NOW, Lang::Ja);
        assert_eq!(f.text(FieldId::Year), Some("令和8年度"));
    }

    /// Issue 21.12: `--previous` fills the start form (organisation, code, prefecture,
    /// respondent, 重要機能室, the next 年度) and offers carrying its answers, which Create
    /// takes as unconfirmed drafts; answered no, nothing is carried.
    #[test]
    fn last_years_sheet_fills_the_form_and_its_answers_are_carried() {
        let cats = Catalogs::default();
        for carry in [true, false] {
            let mut f = Form::start(&cats, NOW, Lang::Ja);
            f.use_previous(last_year(), "r7.ron", &cats);
            assert_eq!(f.text(FieldId::Previous), Some("r7.ron"));
            assert_eq!(f.text(FieldId::Organization), Some("例市"));
            assert_eq!(f.text(FieldId::OrganizationCode), Some("011002"));
            assert_eq!(f.text(FieldId::Prefecture), Some("北海道"));
            assert_eq!(f.text(FieldId::Respondent), Some("情報政策課 点検担当"));
            assert_eq!(f.text(FieldId::Year), Some("令和8年度"));
            assert_eq!(f.answer(0), Some(true));
            assert_eq!(
                f.value(FieldId::Carry),
                Some(&FieldValue::YesNo(Some(true)))
            );
            if !carry {
                f.focus_field(f.index(FieldId::Carry).unwrap());
                f.start_key(k(KeyCode::Char('n')), &cats, NOW);
            }
            f.focus_field(f.fields.len() - 1);
            let StartOutcome::Create(s) = f.start_key(k(KeyCode::Enter), &cats, NOW) else {
                panic!("expected a sheet: {:?}", f.error);
            };
            assert_eq!(
                (s.fiscal_year, s.organization_code.as_str()),
                (2026, "011002")
            );
            let drafts = s.answers.values().filter(|a| a.unconfirmed).count();
            if carry {
                assert_eq!(drafts, last_year().sheet.answers.len());
                assert_eq!(s.answers.len(), drafts, "drafts only");
                assert!(f.take_previous().is_some(), "shown beside the new sheet");
            } else {
                assert!(s.answers.is_empty());
            }
        }
    }

    /// Last year's sheet of another organisation, or of a year not the one before this
    /// one's, was taken without a word: the warning came when the interview opened, the file
    /// already created (and its answers carried). The form says it on the first Enter on
    /// the button and creates on the second; a doubt changed since is said again first, each
    /// sentence ended as its language ends one.
    #[test]
    fn a_sheet_that_may_not_be_last_years_is_said_before_creating() {
        let cats = Catalogs::default();
        for lang in [Lang::Ja, Lang::En] {
            let mut f = Form::start(&cats, NOW, lang);
            f.use_previous(last_year(), "r7.ron", &cats);
            *f.text_mut(FieldId::Year).unwrap() = "令和9年度".into();
            f.focus_field(f.index(FieldId::Create).unwrap());
            assert!(matches!(
                f.start_key(k(KeyCode::Enter), &cats, NOW),
                StartOutcome::Continue
            ));
            let said = f.error.clone().expect("said before creating");
            let (year, again) = match lang {
                Lang::Ja => (
                    "令和7年度のもので、令和9年度の前年度ではありません",
                    "もう一度 Enter",
                ),
                Lang::En => (
                    "for FY2025 (R7), not the year before FY2027 (R9)",
                    "Enter again",
                ),
            };
            assert!(said.contains(year) && said.contains(again), "{said}");
            assert_eq!(f.focused(), FieldId::Create, "Enter again creates");
            // Another organisation too: a new doubt, said first.
            *f.text_mut(FieldId::Organization).unwrap() = "府中市".into();
            *f.text_mut(FieldId::OrganizationCode).unwrap() = "342084".into();
            *f.text_mut(FieldId::Prefecture).unwrap() = "広島県".into();
            assert!(matches!(
                f.start_key(k(KeyCode::Enter), &cats, NOW),
                StartOutcome::Continue
            ));
            let said = f.error.clone().expect("the new doubt said");
            let two = match lang {
                Lang::Ja => {
                    "前年度ではありません。前年のシートは別の団体「例市」のものです (今年は「府中市」)。"
                }
                Lang::En => {
                    "not the year before FY2027 (R9). last year's sheet is another organization's (\"例市\"; this year \"府中市\"). "
                }
            };
            assert!(said.contains(two), "{said}");
            let StartOutcome::Create(s) = f.start_key(k(KeyCode::Enter), &cats, NOW) else {
                panic!("the second Enter creates: {:?}", f.error);
            };
            assert_eq!((s.fiscal_year, s.organization.as_str()), (2027, "府中市"));
            assert!(
                s.answers.values().all(|a| a.unconfirmed),
                "carried as drafts"
            );
            assert!(!s.answers.is_empty());
        }
    }

    /// A year before the catalog's revision (1999 for 2019?) was created without a word here,
    /// while `tenken new` warns of it: the form says it on the first Enter on the button, as
    /// `new` words it, and creates the year as typed on the second; the revision's year and
    /// after are created at once.
    #[test]
    fn a_year_before_the_catalogs_revision_is_said_before_creating() {
        let cats = Catalogs::default();
        for (lang, before) in [
            (
                Lang::Ja,
                "平成11年度 は点検票 juki-municipal H19 (平成19年度の改訂) より前の年度です",
            ),
            (
                Lang::En,
                "FY1999 (H11) is before the catalog juki-municipal H19 (revised in FY2007)",
            ),
        ] {
            let mut f = Form::start(&cats, NOW, lang);
            *f.text_mut(FieldId::Organization).unwrap() = "例町".into();
            *f.text_mut(FieldId::Year).unwrap() = "1999".into();
            f.focus_field(f.index(FieldId::Profile(0)).unwrap());
            f.start_key(k(KeyCode::Char('y')), &cats, NOW);
            f.focus_field(f.index(FieldId::Create).unwrap());
            assert!(matches!(
                f.start_key(k(KeyCode::Enter), &cats, NOW),
                StartOutcome::Continue
            ));
            let said = f.error.clone().expect("said before creating");
            assert!(said.contains(before), "{said}");
            assert_eq!(f.focused(), FieldId::Create, "Enter again creates");
            let StartOutcome::Create(s) = f.start_key(k(KeyCode::Enter), &cats, NOW) else {
                panic!("the second Enter creates: {:?}", f.error);
            };
            assert_eq!(s.fiscal_year, 1999, "the year as typed");
            let mut f = Form::start(&cats, NOW, lang);
            *f.text_mut(FieldId::Organization).unwrap() = "例町".into();
            *f.text_mut(FieldId::Year).unwrap() = "H19".into();
            f.focus_field(f.index(FieldId::Profile(0)).unwrap());
            f.start_key(k(KeyCode::Char('y')), &cats, NOW);
            f.focus_field(f.index(FieldId::Create).unwrap());
            let StartOutcome::Create(s) = f.start_key(k(KeyCode::Enter), &cats, NOW) else {
                panic!("the revision's year is created at once: {:?}", f.error);
            };
            assert_eq!(s.fiscal_year, 2007);
        }
    }

    /// A file typed (or guessed) in the field is read when the field is left, or before
    /// Create — which then stops to show what was filled in, and creates on the next Enter.
    /// A file that cannot be read is said on the field.
    #[test]
    fn a_typed_file_is_read_when_left_and_shown_before_creating() {
        let cats = Catalogs::default();
        let mut f = Form::start(&cats, NOW, Lang::Ja);
        f.focus_field(0);
        for c in "r7.ron".chars() {
            f.start_key(k(KeyCode::Char(c)), &cats, NOW);
        }
        let StartOutcome::ReadPrevious(p) = f.start_key(k(KeyCode::Down), &cats, NOW) else {
            panic!("leaving the field asks to read it");
        };
        assert_eq!(p, PathBuf::from("r7.ron"));
        f.previous_read(Err("r7.ron: ありません".into()), &cats);
        assert_eq!(f.focused(), FieldId::Previous);
        assert_eq!(f.error.as_deref(), Some("r7.ron: ありません"));
        // A guess beside the file, never read until the form gets there: Create reads it
        // and stops.
        let mut f = Form::start(&cats, NOW, Lang::Ja);
        f.offer_previous("dir/r7.ron");
        f.focus_field(f.fields.len() - 1);
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, NOW),
            StartOutcome::ReadPrevious(_)
        ));
        f.previous_read(Ok(last_year()), &cats);
        assert_eq!(f.text(FieldId::Organization), Some("例市"));
        assert_eq!(f.focused(), FieldId::Create);
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, NOW),
            StartOutcome::Create(_)
        ));
        // Carrying with no file given is refused on the file field.
        let mut f = Form::start(&cats, NOW, Lang::En);
        *f.text_mut(FieldId::Organization).unwrap() = "X".into();
        f.focus_field(f.index(FieldId::Carry).unwrap());
        f.start_key(k(KeyCode::Char('y')), &cats, NOW);
        f.focus_field(f.fields.len() - 1);
        f.start_key(k(KeyCode::Enter), &cats, NOW);
        assert_eq!(f.focused(), FieldId::Previous);
        assert!(f.error.as_deref().unwrap().contains("last year"));
    }

    /// Tab in the file field completes from its directory's names; with nothing to
    /// complete it moves on.
    #[test]
    fn tab_completes_the_file_name() {
        let names: Vec<(String, bool)> = [("r7.ron", false), ("r6.ron", false), ("reports", true)]
            .iter()
            .map(|(n, d)| (n.to_string(), *d))
            .collect();
        assert_eq!(complete_path("r", &names).as_deref(), Some("r"));
        assert_eq!(complete_path("r7", &names).as_deref(), Some("r7.ron"));
        assert_eq!(complete_path("re", &names).as_deref(), Some("reports/"));
        assert_eq!(complete_path("a/r6", &names).as_deref(), Some("a/r6.ron"));
        assert_eq!(complete_path("x", &names), None);
        let hidden = vec![
            (".r7.ron.tmp".to_string(), false),
            ("r7.ron".to_string(), false),
        ];
        assert_eq!(complete_path("", &hidden).as_deref(), Some("r7.ron"));
        let cats = Catalogs::default();
        let mut f = Form::start(&cats, NOW, Lang::Ja);
        f.focus_field(0);
        f.offer_previous("sheets/r7");
        let StartOutcome::ListDir(dir) = f.start_key(k(KeyCode::Tab), &cats, NOW) else {
            panic!("Tab asks for the directory");
        };
        assert_eq!(dir, PathBuf::from("sheets"));
        assert!(matches!(
            f.completed(&names, &cats, NOW),
            StartOutcome::Continue
        ));
        assert_eq!(f.text(FieldId::Previous), Some("sheets/r7.ron"));
        assert_eq!(f.cursor, "sheets/r7.ron".chars().count());
        // Complete already: Tab moves on, and leaving asks for the file to be read.
        assert!(matches!(
            f.completed(&names, &cats, NOW),
            StartOutcome::ReadPrevious(_)
        ));
        assert_eq!(f.focused(), FieldId::Carry);
    }
}

#[cfg(test)]
mod key_table_tests {
    use super::*;
    use crate::tui::app::tests::candidate_keys;
    use crate::tui::keymap::modes::{CHOICE, LINE_EDIT, PATH_FIELD, START_FORM, SWITCH};
    use time::macros::datetime;

    /// Every key the form acts on is in its tables, and every key its tables name acts.
    #[test]
    fn the_start_form_acts_on_the_keys_of_its_tables_only() {
        let cats = Catalogs::default();
        let now = datetime!(2026-05-01 10:00 +9);
        let open = |field: FieldId| {
            let mut f = Form::start(&cats, now, Lang::Ja);
            f.focus = f.index(field).unwrap();
            // Unanswered, so that y and n both change it.
            let carry = f.index(FieldId::Carry).unwrap();
            f.fields[carry].value = FieldValue::YesNo(None);
            *f.text_mut(FieldId::Respondent).unwrap() = "情報政策課".into();
            f.cursor = 2;
            f
        };
        for field in [
            FieldId::Previous,
            FieldId::Carry,
            FieldId::Respondent,
            FieldId::Edition,
            FieldId::Profile(0),
            FieldId::Create,
        ] {
            for key in candidate_keys() {
                let mut f = open(field);
                let before = format!("{f:?}");
                let outcome = f.start_key(key, &cats, now);
                let acted =
                    !matches!(outcome, StartOutcome::Continue) || format!("{f:?}") != before;
                let field_keys = match field {
                    FieldId::Respondent => LINE_EDIT.lookup(&key).is_some(),
                    FieldId::Previous => {
                        LINE_EDIT.lookup(&key).is_some() || PATH_FIELD.lookup(&key).is_some()
                    }
                    FieldId::Edition => SWITCH.lookup(&key).is_some(),
                    FieldId::Profile(_) | FieldId::Carry => CHOICE.lookup(&key).is_some(),
                    _ => false,
                };
                let named = START_FORM.lookup(&key).is_some() || field_keys;
                assert_eq!(acted, named, "{field:?}: {key:?}");
            }
        }
    }
}
