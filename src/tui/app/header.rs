//! `App`'s actions on the sheet header (`i`): the form is applied to the sheet at every
//! change, so a profile answer (重要機能室) recomputes applicability, scores and warnings at
//! once; closing the form records the visit as one undo step (`Undoable::Header`). Until
//! then the header is not committed: a save while the form is open writes the sheet with the
//! header as it was when the form opened ([`App::committed_sheet`]), and closing it saves
//! when anything changed — so the file never keeps a half-edited header (issue 22.2).

use super::undo::Undoable;
use super::*;
use crate::sheet::Header;
use crate::tui::form::{Form, Outcome};

impl App {
    pub(super) fn open_header(&mut self) {
        if self.refuse_read_only() {
            return;
        }
        let form = Form::header_form(self.catalog, &self.sheet, self.lang());
        self.mode = Mode::Header(Box::new(form));
    }

    /// The sheet as committed: with the header as it was when the form opened while the
    /// form is open (its edits are shown at once but committed only on close). What saves
    /// write.
    pub(crate) fn committed_sheet(&self) -> std::borrow::Cow<'_, Sheet> {
        match &self.mode {
            Mode::Header(form) if Header::of(&self.sheet) != form.before => {
                let mut sheet = self.sheet.clone();
                form.before.apply_to(&mut sheet);
                std::borrow::Cow::Owned(sheet)
            }
            _ => std::borrow::Cow::Borrowed(&self.sheet),
        }
    }

    /// A key in the header form (`Form::key`): applied to the sheet at once; leaving closes
    /// the form.
    pub(super) fn header_key(
        &mut self,
        mut form: Box<Form>,
        key: KeyEvent,
        now: OffsetDateTime,
    ) -> Vec<Effect> {
        if form.key(&key) == Outcome::Leave {
            self.mode = Mode::Header(form);
            return self.close_header(now, false);
        }
        self.apply_header(form.header());
        self.mode = Mode::Header(form);
        Vec::new()
    }

    /// The form onto the sheet; rescored only when the profile changed, since names and
    /// sign-off do not touch the scores (this runs on every keystroke in the form).
    fn apply_header(&mut self, header: Header) {
        let before = Header::of(&self.sheet);
        if before != header {
            header.apply_to(&mut self.sheet);
            if before.profile != header.profile {
                self.rescore();
            }
        }
    }

    pub(super) fn paste_header(&mut self, text: &str) {
        let Mode::Header(form) = &mut self.mode else {
            return;
        };
        form.paste(text);
        let header = form.header();
        self.apply_header(header);
    }

    /// Closes the header form keeping its changes, as one undo step. A blank organisation
    /// keeps the form open with a message, unless `force` (the session is ending): then the
    /// organisation stays as it was.
    pub(super) fn close_header(&mut self, now: OffsetDateTime, force: bool) -> Vec<Effect> {
        if !matches!(self.mode, Mode::Header(_)) {
            return Vec::new();
        }
        let Mode::Header(mut form) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return Vec::new();
        };
        form.settle_field();
        if !force && (form.require_organization().is_none() || form.require_identity().is_none()) {
            self.mode = Mode::Header(form);
            return Vec::new();
        }
        let before_applicable = {
            let mut s = self.sheet.clone();
            form.before.apply_to(&mut s);
            score_sheet(self.catalog, &s).overall.applicable
        };
        let mut after = form.header();
        after.apply_to(&mut self.sheet);
        self.rescore();
        if after == form.before {
            return Vec::new();
        }
        self.sheet.updated = Some(now);
        // A sign-off given or changed here (確認者 and 点検日 both written) is sealed: the
        // sheet records the fingerprint of what was approved, as `tenken sign` does.
        let before = &form.before;
        let signed_now = (&after.inspector, &after.approver, &after.inspected_on)
            != (&before.inspector, &before.approver, &before.inspected_on)
            && crate::seal::can_sign(&self.sheet);
        if signed_now {
            crate::seal::sign(&mut self.sheet);
            after = Header::of(&self.sheet);
        }
        let applicable = self.score.overall.applicable;
        if signed_now {
            self.message = Some(format!(
                "{} {} (u {})",
                self.lang().pick(
                    "確認者・点検日を記録しました。照合番号",
                    "sign-off recorded; seal"
                ),
                crate::seal::short(&self.sheet.seal),
                self.lang().pick("で元に戻せます", "undoes"),
            ));
        } else if applicable == before_applicable {
            self.say(
                "シート情報を更新しました (u で元に戻せます)",
                "sheet header updated (u undoes)",
            );
        } else {
            let to = self.options.theme.arrow();
            self.message = Some(match self.lang() {
                Lang::Ja => format!(
                    "シート情報を更新しました。対象の項目 {before_applicable} {to} {applicable} 件 (u で元に戻せます)"
                ),
                Lang::En => format!(
                    "sheet header updated: {before_applicable} {to} {applicable} items apply (u undoes)"
                ),
            });
        }
        self.history.record(Undoable::Header(Box::new(HeaderChange {
            before: form.before.clone(),
            after,
        })));
        self.committed()
    }

    /// Undoes (or redoes) one visit to the header form.
    pub(super) fn undo_redo_header(
        &mut self,
        change: HeaderChange,
        undo: bool,
        now: OffsetDateTime,
    ) -> Vec<Effect> {
        if undo {
            change.before.apply_to(&mut self.sheet);
            self.history.push(false, Undoable::Header(Box::new(change)));
            self.say(
                "シート情報の変更を元に戻しました",
                "undid the change of the sheet header",
            );
        } else {
            change.after.apply_to(&mut self.sheet);
            self.history.push(true, Undoable::Header(Box::new(change)));
            self.say(
                "シート情報の変更をやり直しました",
                "redid the change of the sheet header",
            );
        }
        self.sheet.updated = Some(now);
        self.committed()
    }
}

#[cfg(test)]
mod tests;
