//! The words of an agenda, per language. German and plain English always; a few languages
//! of the people who come to Meeting Points where we have checked wording.

use serde::Serialize;

/// A language agendas can be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    De,
    En,
    Ar,
    /// Persian (Farsi; read by most Dari speakers too).
    Fa,
    Uk,
    Tr,
}

/// The labels of an agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub title: &'static str,
    pub participant: &'static str,
    pub time: &'static str,
    pub table: &'static str,
    pub employer: &'static str,
    pub job: &'static str,
    pub interpreter: &'static str,
    pub conversation: &'static str,
    pub date: &'static str,
    pub venue: &'static str,
    pub none: &'static str,
}

const DE: Words = Words {
    title: "Gesprächsplan",
    participant: "Teilnehmer/in Nr.",
    time: "Uhrzeit",
    table: "Tisch",
    employer: "Arbeitgeber",
    job: "Stelle",
    interpreter: "Dolmetscher/in",
    conversation: "Gespräch",
    date: "Datum",
    venue: "Ort",
    none: "Keine Gespräche geplant.",
};

const EN: Words = Words {
    title: "Your meetings",
    participant: "Participant no.",
    time: "Time",
    table: "Table",
    employer: "Employer",
    job: "Job",
    interpreter: "Interpreter",
    conversation: "Meeting",
    date: "Date",
    venue: "Place",
    none: "No meetings planned.",
};

const AR: Words = Words {
    title: "جدول المقابلات",
    participant: "المشارك رقم",
    time: "الوقت",
    table: "الطاولة",
    employer: "صاحب العمل",
    job: "الوظيفة",
    interpreter: "مترجم",
    conversation: "مقابلة",
    date: "التاريخ",
    venue: "المكان",
    none: "لا توجد مقابلات مخططة.",
};

const FA: Words = Words {
    title: "برنامهٔ گفت‌وگوها",
    participant: "شرکت‌کنندهٔ شمارهٔ",
    time: "ساعت",
    table: "میز",
    employer: "کارفرما",
    job: "شغل",
    interpreter: "مترجم",
    conversation: "گفت‌وگو",
    date: "تاریخ",
    venue: "مکان",
    none: "هیچ گفت‌وگویی برنامه‌ریزی نشده است.",
};

const UK: Words = Words {
    title: "Розклад співбесід",
    participant: "Учасник/учасниця №",
    time: "Час",
    table: "Стіл",
    employer: "Роботодавець",
    job: "Вакансія",
    interpreter: "Перекладач",
    conversation: "Співбесіда",
    date: "Дата",
    venue: "Місце",
    none: "Співбесід не заплановано.",
};

const TR: Words = Words {
    title: "Görüşme planı",
    participant: "Katılımcı no.",
    time: "Saat",
    table: "Masa",
    employer: "İşveren",
    job: "İş",
    interpreter: "Tercüman",
    conversation: "Görüşme",
    date: "Tarih",
    venue: "Yer",
    none: "Planlanmış görüşme yok.",
};

impl Lang {
    /// Every language, in the order of the `lang` parameter's documentation.
    pub const ALL: [Lang; 6] = [Lang::De, Lang::En, Lang::Ar, Lang::Fa, Lang::Uk, Lang::Tr];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Fa => "fa",
            Lang::Uk => "uk",
            Lang::Tr => "tr",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Written right to left.
    pub fn rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::Fa)
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
            Lang::Ar => &AR,
            Lang::Fa => &FA,
            Lang::Uk => &UK,
            Lang::Tr => &TR,
        }
    }
}
