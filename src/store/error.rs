//! The store's errors and their words: which file, where in it, and why it could not be read,
//! saved or locked ([`StoreError`], [`Why`]), and what the operating system said ([`OsError`],
//! [`io_reason`]), put into words for a language only where shown (the command line's error,
//! the interview's status line).

use std::fmt;
use std::io;
use std::path::Path;

use crate::file_error::{FileError, Words};

use crate::lang::{Lang, say};
use crate::ron::Syntax;

use crate::sheet::{MAX_SHEET_BYTES, SHEET_FORMAT};

/// An error from the operating system, kept as its kind and number. English says it as the
/// system does ("No such file or directory (os error 2)"); Japanese says the same in Japanese.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OsError {
    pub(crate) kind: io::ErrorKind,
    pub(crate) code: Option<i32>,
}

impl OsError {
    pub(crate) fn of(e: &io::Error) -> OsError {
        OsError {
            kind: e.kind(),
            code: e.raw_os_error(),
        }
    }

    pub(crate) fn text(&self, lang: Lang) -> String {
        match (lang, self.code) {
            (Lang::En, Some(n)) => io::Error::from_raw_os_error(n).to_string(),
            (Lang::En, None) => io::Error::from(self.kind).to_string(),
            (Lang::Ja, Some(n)) => format!("{}（OS エラー {n}）", os_words_ja(self.kind, Some(n))),
            (Lang::Ja, None) => os_words_ja(self.kind, None).to_string(),
        }
    }
}

/// Why an I/O operation failed, in words (`std::io::Error` speaks English only). The OS
/// error number stays for the rare kinds named here by number only.
pub(crate) fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let (ja, en) = match e.kind() {
        K::NotFound => ("ありません", "no such file or directory"),
        K::PermissionDenied => ("権限がありません", "permission denied"),
        K::AlreadyExists => ("既にあります", "already exists"),
        K::StorageFull => ("ディスクがいっぱいです", "no space left on the device"),
        K::ReadOnlyFilesystem => (
            "読み取り専用のファイルシステムです",
            "read-only file system",
        ),
        K::IsADirectory => ("ディレクトリです", "is a directory"),
        K::NotADirectory => ("ディレクトリではありません", "not a directory"),
        K::BrokenPipe => ("出力先が閉じられました", "the output was closed"),
        K::InvalidData => ("UTF-8 のテキストではありません", "not UTF-8 text"),
        _ => {
            // The long words of [`os_words_ja`] (a loop of links, a name too long) as a
            // phrase, and the number.
            let words = os_words_ja(e.kind(), e.raw_os_error()).replacen("です", "", 1);
            return match (lang, e.raw_os_error()) {
                (Lang::Ja, Some(n)) => format!("{words} (OS エラー {n})"),
                (Lang::Ja, None) => words,
                (Lang::En, _) => e.to_string(),
            };
        }
    };
    lang.pick(ja, en).to_string()
}

fn os_words_ja(kind: io::ErrorKind, code: Option<i32>) -> &'static str {
    use io::ErrorKind as K;
    match kind {
        K::NotFound => "ファイルがありません",
        K::PermissionDenied => "権限がありません",
        K::AlreadyExists => "同じ名前のファイルがすでにあります",
        K::IsADirectory => "ディレクトリです",
        K::NotADirectory => "パスの途中がディレクトリではありません",
        K::DirectoryNotEmpty => "ディレクトリが空ではありません",
        K::ReadOnlyFilesystem => "読み取り専用のファイルシステムです",
        K::StorageFull => "ディスクの空きがありません",
        K::QuotaExceeded => "ディスク使用量の上限（クォータ）を超えています",
        K::FileTooLarge => "ファイルが大きすぎます",
        K::InvalidFilename => "ファイル名が長すぎるか、使えない文字があります",
        K::ResourceBusy => "使用中です",
        K::CrossesDevices => "別のファイルシステムをまたいでいます",
        K::TooManyLinks => "リンクが多すぎます",
        K::Interrupted => "中断されました",
        K::TimedOut => "時間切れになりました",
        K::WouldBlock => "今は読み書きできません（待ちが発生します）",
        K::Unsupported => "このファイルシステムではできない操作です",
        K::OutOfMemory => "メモリが足りません",
        K::UnexpectedEof => "ファイルが途中で終わっています",
        K::InvalidData => "データが正しくありません",
        K::InvalidInput => "指定が正しくありません",
        K::BrokenPipe => "出力先が閉じられました",
        K::StaleNetworkFileHandle => "ネットワークファイルシステムの接続が切れています",
        _ => match code {
            Some(40) => "シンボリックリンクが多すぎるか、輪になっています",
            Some(5) => "入出力エラーです（ディスクや接続の障害）",
            Some(36) => "ファイル名が長すぎます",
            _ => "入出力エラーです",
        },
    }
}

/// What was being done when the operating system refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Open,
    Read,
    Save,
    SaveHere,
    Write,
    OpenDir,
    ReadBack,
    Lock,
    CreateLockFile,
    WriteLockFile,
    ReadLockFile,
}

/// Why an I/O step failed: the system's error, or one of tenken's own checks made inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    Os(OsError),
    /// A symbolic link was put at the name after tenken opened the directory.
    LinkAppeared,
    /// The file at the name was replaced between the check and the rename.
    ReplacedMeanwhile,
    /// A problem of its own, met inside an I/O step.
    Why(Box<Why>),
}

/// A [`Fault`] carried inside an `io::Error` through code that speaks `io::Result`.
#[derive(Debug)]
pub(super) struct Tagged(pub Fault);

impl std::fmt::Display for Tagged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.text(Lang::En))
    }
}

impl std::error::Error for Tagged {}

impl Fault {
    pub(crate) fn of(e: &io::Error) -> Fault {
        match e.get_ref().and_then(|x| x.downcast_ref::<Tagged>()) {
            Some(Tagged(f)) => f.clone(),
            None => Fault::Os(OsError::of(e)),
        }
    }

    /// This fault as an `io::Error`, to pass through `io::Result` code.
    pub(super) fn into_io(self) -> io::Error {
        io::Error::other(Tagged(self))
    }

    pub(crate) fn text(&self, lang: Lang) -> String {
        match self {
            Fault::Os(e) => e.text(lang),
            Fault::LinkAppeared => lang
                .pick(
                    "開いた後にシンボリックリンクに置き換えられました",
                    "is a symbolic link that appeared after opening",
                )
                .into(),
            Fault::ReplacedMeanwhile => lang
                .pick(
                    "その間にファイルが置き換えられました",
                    "the file was replaced meanwhile",
                )
                .into(),
            Fault::Why(w) => w.text(lang),
        }
    }
}

/// What kind of thing is at a name that should be a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotRegular {
    Directory,
    Fifo,
    Device,
    Other,
}

impl NotRegular {
    pub(crate) fn of(meta: &std::fs::Metadata) -> NotRegular {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_dir() {
            NotRegular::Directory
        } else if t.is_fifo() {
            NotRegular::Fifo
        } else if t.is_char_device() || t.is_block_device() {
            NotRegular::Device
        } else {
            NotRegular::Other
        }
    }
}

/// What someone else did to the file since it was loaded or last saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskChange {
    Appeared,
    Removed,
    Replaced,
    Changed,
    /// It cannot even be looked at now.
    Unreadable(Box<Why>),
}

/// A sheet's catalog that tenken does not have, and the ones it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCatalog {
    pub(crate) id: String,
    pub(crate) revision: String,
    pub(crate) have: Vec<String>,
}

/// Why a file could not be read, saved or locked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    Io(Op, Fault),
    /// An answer sheet over 16 MiB (its size).
    TooBig(u64),
    /// Another input over its limit (size, limit).
    Over(u64, u64),
    Empty,
    NulByte,
    NotUtf8,
    /// A directory given as an answer sheet.
    IsDirectory,
    /// A table (a workbook or CSV, by its name) given as an answer sheet, that does not read
    /// as one ([`super::read::or_table`]).
    Table,
    /// A new answer sheet asked for under a table's name (`new r8.csv`).
    TableName,
    /// A file that does not even begin as an answer sheet (a list, JSON, a note, a CSV under
    /// another name): its first word, as shown.
    NotASheet(String),
    NotRegular(NotRegular),
    Syntax(Syntax),
    FormatNewer(u64),
    FormatUnknown(String),
    AnsweredTwice(String),
    ImplausibleYear(i32),
    UnknownCatalog(Box<UnknownCatalog>),
    NotAFileName,
    DirUnusable(Fault),
    /// The sheet would not read back as written (`None`: it reads back different).
    WouldNotReadBack(Option<Box<Why>>),
    /// Someone else changed the file: nothing was written.
    Changed(DiskChange),
    SaveFailed {
        fault: Fault,
        existed: bool,
    },
    SaveIsDirectory,
    SavedDirNotSynced(Fault),
    AlreadyExists,
    NoFreeName,
    OutputIsLink,
    OutputNotRegular,
    OutputIsSheet,
    WriteFailed {
        fault: Fault,
        existed: bool,
    },
    /// Another process that may write the file holds the writers' lock on it: another tenken
    /// editing it under another name (a hard link), or another editor.
    HeldUnderOtherName,
    /// The file cannot be opened for writing by this user (its mode says so).
    FileNotWritable,
    /// The directory is sticky (`chmod +t`) and the file is `owner`'s: only its owner (or the
    /// directory's) may replace it, so a save, which replaces the file, cannot succeed.
    StickyNotOwner {
        owner: String,
    },
    LockIsLink,
    LockNotPlain,
    StaleLockStays {
        owner: String,
        fault: Fault,
    },
    LockKeepsChanging,
}

impl Why {
    pub(crate) fn io(op: Op, e: &io::Error) -> Why {
        Why::Io(op, Fault::of(e))
    }
}

impl Words for Why {
    fn text(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        let pick = |j: &str, e: &str| lang.pick(j, e).to_string();
        match self {
            Why::Io(op, fault) => {
                let (j, e) = match op {
                    Op::Open => ("開けません", "cannot open"),
                    Op::Read => ("読み込めません", "cannot read"),
                    Op::Save => ("保存できません", "cannot save"),
                    Op::SaveHere => ("ここには保存できません", "cannot save here"),
                    Op::Write => ("書き込めません", "cannot write"),
                    Op::OpenDir => ("ディレクトリを開けません", "cannot open its directory"),
                    Op::ReadBack => (
                        "保存しましたが、読み直せません",
                        "saved, but cannot read it back",
                    ),
                    Op::Lock => ("ロックできません", "cannot lock"),
                    Op::CreateLockFile => {
                        ("ロックファイルを作れません", "cannot create the lock file")
                    }
                    Op::WriteLockFile => (
                        "ロックファイルを書き込めません",
                        "cannot write the lock file",
                    ),
                    Op::ReadLockFile => ("ロックファイルを読めません", "cannot read the lock file"),
                };
                format!("{}: {}", lang.pick(j, e), fault.text(lang))
            }
            Why::TooBig(n) => say!(
                lang,
                "ファイルが {n} バイトあり、回答シートの上限 {MAX_SHEET_BYTES} バイト（16 MiB）を超えています",
                "the file is {n} bytes, more than the {MAX_SHEET_BYTES} bytes (16 MiB) an answer sheet may have"
            ),
            Why::Over(n, limit) => say!(
                lang,
                "{n} バイトあり、上限の {limit} バイトを超えています",
                "{n} bytes is more than the {limit} bytes allowed"
            ),
            Why::Empty => pick("ファイルが空です", "the file is empty"),
            Why::NulByte => pick(
                "ファイルに NUL バイトがあります: 回答シートではなくバイナリデータです",
                "the file contains a NUL byte: this is binary data, not an answer sheet",
            ),
            Why::NotUtf8 => pick(
                "UTF-8 のテキストではありません（回答シートは UTF-8 の RON です。Shift_JIS で保存していませんか）",
                "the file is not UTF-8 text (an answer sheet is UTF-8 RON; was it saved as Shift_JIS?)",
            ),
            Why::IsDirectory => pick(
                "ディレクトリです。回答シートではありません",
                "is a directory, not an answer sheet",
            ),
            Why::NotRegular(k) => match k {
                NotRegular::Directory => pick(
                    "ディレクトリです。ファイルではありません",
                    "is a directory, not a file",
                ),
                NotRegular::Fifo => pick(
                    "FIFO（名前付きパイプ）です。通常のファイルではありません",
                    "is a FIFO (named pipe), not a regular file",
                ),
                NotRegular::Device => pick(
                    "デバイスです。通常のファイルではありません",
                    "is a device, not a regular file",
                ),
                NotRegular::Other => pick("通常のファイルではありません", "is not a regular file"),
            },
            Why::Syntax(s) => s.text(lang),
            Why::NotASheet(first) => say!(
                lang,
                "回答ファイル (「(」で始まる tenken の RON) ではありません: 「{}」で始まっています",
                "is not an answer sheet (tenken's RON, which begins with `(`): it begins with 「{}」",
                first
            ),
            Why::FormatNewer(n) => say!(
                lang,
                "回答ファイルの形式 {n} は、この tenken が読める形式 {SHEET_FORMAT} より新しいものです。新しい tenken を使ってください",
                "answer-file format {n} is newer than this tenken reads (format {SHEET_FORMAT}); use a newer tenken"
            ),
            Why::FormatUnknown(shown) => say!(
                lang,
                "`format: {shown}` は知らない回答ファイル形式です（この tenken が読むのは形式 {SHEET_FORMAT}）",
                "`format: {shown}` is not a known answer-file format (this tenken reads format {SHEET_FORMAT})"
            ),
            Why::AnsweredTwice(id) => say!(
                lang,
                "項目 {id} が 2 回回答されています。どちらか一つにしてください",
                "item {id} is answered twice; keep one of the answers"
            ),
            Why::ImplausibleYear(y) => {
                let r = crate::fiscal::FiscalYear::PLAUSIBLE;
                say!(
                    lang,
                    "年度 {y} は回答シートの年度としてありえません（{}–{}）",
                    "fiscal year {y} is not a plausible fiscal year for a sheet ({}–{})",
                    r.start(),
                    r.end()
                )
            }
            Why::UnknownCatalog(c) => say!(
                lang,
                "このシートはカタログ `{}`（改訂 {}）への回答ですが、tenken はそのカタログを持っていません（持っているのは: {}）。--catalog FILE でカタログファイルを指定してください",
                "the sheet answers catalog `{}` (revision {}), which tenken does not have (it has: {}); pass its catalog file with --catalog FILE",
                c.id,
                c.revision,
                c.have.join(", ")
            ),
            Why::NotAFileName => pick("ファイル名ではありません", "is not a file name"),
            Why::TableName => pick(
                "表 (Excel ブックか CSV) の名前です。回答シートは .ron の名前で作ってください (表は tenken report で書き出せます)",
                "a table's name (a workbook or CSV): make the answer sheet under a .ron name (tenken report writes the tables)",
            ),
            Why::Table => pick(
                "回答シートではなく表 (Excel ブックか CSV) です。回答シートにするには tenken new 新しいファイル.ron --from この表、集計には tenken aggregate に渡してください",
                "a table (a workbook or CSV), not an answer sheet: make one of it with tenken new NEW.ron --from TABLE, or give it to tenken aggregate",
            ),
            Why::DirUnusable(f) => say!(
                lang,
                "保存も読み込みもできません: ディレクトリを開けません（{}）",
                "cannot save or read it: its directory cannot be opened ({})",
                f.text(lang)
            ),
            Why::WouldNotReadBack(None) => pick(
                "保存しませんでした: 読み直すと同じ内容になりません（ファイル形式で表せない値があります）",
                "not saved: the sheet would not read back unchanged (a field holds a value the file format cannot express)",
            ),
            Why::WouldNotReadBack(Some(w)) => say!(
                lang,
                "保存しませんでした: 読み直せません（{}）",
                "not saved: the sheet would not read back ({})",
                w.text(lang)
            ),
            Why::Changed(c) => {
                let what = match c {
                    DiskChange::Appeared => pick(
                        "tenken が開いた後に同じ名前のファイルが現れました",
                        "a file of this name has appeared since tenken opened it",
                    ),
                    DiskChange::Removed => pick(
                        "ファイルが他の人によって削除されたか、名前を変えられました",
                        "the file was removed or renamed by someone else",
                    ),
                    DiskChange::Replaced => pick(
                        "ファイルが他の人によって置き換えられました（別のエディタ、バックアップからの復元など）",
                        "the file was replaced by someone else (another editor, a restore)",
                    ),
                    DiskChange::Changed => pick(
                        "ファイルが他の人によって変更されました",
                        "the file was changed by someone else",
                    ),
                    DiskChange::Unreadable(w) => w.text(lang),
                };
                say!(
                    lang,
                    "保存しませんでした: {what}。変更はメモリ上に残っています",
                    "not saved: {what}; your changes are kept in memory"
                )
            }
            Why::SaveFailed { fault, existed } | Why::WriteFailed { fault, existed } => {
                let verb = match (matches!(self, Why::SaveFailed { .. }), ja) {
                    (true, true) => "保存できません",
                    (false, true) => "書き込めません",
                    (true, false) => "cannot save",
                    (false, false) => "cannot write",
                };
                let rest = match (ja, existed) {
                    (true, true) => "元のファイルは変更されていません",
                    (true, false) => "何も書き込んでいません",
                    (false, true) => "the previous file is unchanged",
                    (false, false) => "nothing was written",
                };
                say!(
                    lang,
                    "{verb}: {}。{rest}",
                    "{verb}: {}; {rest}",
                    fault.text(lang)
                )
            }
            Why::SaveIsDirectory => pick(
                "保存できません: ディレクトリです",
                "cannot save: it is a directory",
            ),
            Why::SavedDirNotSynced(f) => say!(
                lang,
                "保存しましたが、ディレクトリを同期できませんでした（{}）。念のためもう一度保存してください",
                "saved, but the directory could not be synced ({}); save again to be sure",
                f.text(lang)
            ),
            Why::AlreadyExists => pick(
                "すでに存在します。tenken は上書きしません（そのファイルを開くか、別の名前にしてください）",
                "already exists; tenken does not overwrite it (open it, or choose another name)",
            ),
            Why::NoFreeName => pick(
                "隣に保存する空き名が見つかりません",
                "cannot find a free name beside it",
            ),
            Why::OutputIsLink => pick(
                "シンボリックリンクです。tenken はリンクを通して書き込みません（実際のファイル名を指定してください）",
                "is a symbolic link; tenken does not write through links (give the real file name)",
            ),
            Why::OutputNotRegular => pick("通常のファイルではありません", "is not a regular file"),
            Why::OutputIsSheet => pick(
                "回答シートです。レポートが回答シートを上書きすることはありません。別の出力ファイルを指定してください",
                "is an answer sheet; a report never overwrites one; choose another output file",
            ),
            Why::HeldUnderOtherName => pick(
                "このファイルに書き込める別のプロセスが書き込み用にロックしています（別の名前（ハードリンク）で開いている tenken など）",
                "is locked for writing by another process that may write it (such as a tenken that has it open under another name, a hard link)",
            ),
            Why::FileNotWritable => pick(
                "このファイルへの書き込み権限がありません",
                "this user may not write the file",
            ),
            Why::StickyNotOwner { owner } => say!(
                lang,
                "このディレクトリはスティッキー (sticky) で、ファイルを置き換えられるのは持ち主 {owner} だけです。保存は置き換えで行うため、ここでは保存できません（持ち主に頼むか、別の場所にコピーして編集してください）",
                "the directory is sticky, where only the file's owner ({owner}) may replace it, and saving replaces the file, so it cannot be saved here (ask its owner, or edit a copy elsewhere)",
            ),
            Why::LockIsLink => pick(
                "ロックファイルがシンボリックリンクです。tenken はそれを作りません。使わずにおきます（作った人に消してもらってください）",
                "the lock file is a symbolic link, which tenken never makes; it is not used (ask whoever made it to remove it)",
            ),
            Why::LockNotPlain => pick(
                "ロックファイルが通常のファイルではありません（リンクや特殊ファイル）。tenken はそれを作りません。使わずにおきます",
                "the lock file is not a plain file (a link or a special file), which tenken never makes; it is not used",
            ),
            Why::StaleLockStays { owner, fault } => say!(
                lang,
                "ユーザー {owner} の古いロックファイルを削除できません: {}",
                "a stale lock file of user {owner} cannot be removed: {}",
                fault.text(lang)
            ),
            Why::LockKeepsChanging => pick(
                "ロックできません: ロックファイルが変わり続けています",
                "cannot lock: the lock file keeps changing",
            ),
        }
    }
}

impl Why {
    /// Whether this user may not write or replace the file there, for good: a retry would not
    /// help. (A bare `EPERM` or `EACCES` may pass — `chattr -i`, a mode changed back — and is
    /// retried.)
    pub(crate) fn permission_denied(&self) -> bool {
        matches!(self, Why::FileNotWritable | Why::StickyNotOwner { .. })
    }
}

/// Why an answer file (or another input, or an output) could not be read or written: which
/// file, where in it (when the problem is in its text), and what is wrong ([`Why`]).
pub type StoreError = FileError<Why>;

impl StoreError {
    pub(crate) fn io(path: &Path, op: Op, e: &io::Error) -> StoreError {
        StoreError::new(path, Why::io(op, e))
    }
}

/// Why a catalog file could not be used: it could not be read, or it is not a valid catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CatalogLoadError {
    Read(StoreError),
    Invalid(crate::catalog::CatalogError),
}

impl CatalogLoadError {
    pub(crate) fn render(&self, lang: Lang) -> String {
        match self {
            CatalogLoadError::Read(e) => e.render(lang),
            CatalogLoadError::Invalid(e) => e.render(lang),
        }
    }
}

impl fmt::Display for CatalogLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_have_japanese_words() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(
            OsError::of(&e).text(Lang::Ja),
            "ファイルがありません（OS エラー 2）"
        );
        assert!(OsError::of(&e).text(Lang::En).contains("No such file"));
        let e = io::Error::from_raw_os_error(13);
        assert!(
            OsError::of(&e)
                .text(Lang::Ja)
                .starts_with("権限がありません")
        );
        let e = io::Error::from_raw_os_error(28);
        assert!(OsError::of(&e).text(Lang::Ja).starts_with("ディスクの空き"));
    }

    /// The short reason (a line of the 受付一覧, a demo directory) has words for what it names
    /// by number only: two links leading to each other (ELOOP) said 「入出力エラー (OS エラー
    /// 40)」, which reads as a failing disk.
    #[test]
    fn the_short_reason_words_a_loop_of_links() {
        let e = io::Error::from_raw_os_error(40);
        let ja = io_reason(&e, Lang::Ja);
        assert!(ja.contains("輪になっています") && ja.contains("40"), "{ja}");
        assert!(!ja.contains("入出力エラー"), "{ja}");
    }

    #[test]
    fn error_display_names_file_line_and_column() {
        let e = StoreError::at(Path::new("a.ron"), 3, 7, Why::Empty);
        assert_eq!(e.to_string(), "a.ron:3:7: the file is empty");
        assert_eq!(e.render(Lang::Ja), "a.ron:3:7: ファイルが空です");
        let e = StoreError::new(Path::new("a.ron"), Why::NotAFileName);
        assert_eq!(e.to_string(), "a.ron: is not a file name");
    }
}
