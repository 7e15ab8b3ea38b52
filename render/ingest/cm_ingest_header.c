/* cm_ingest_header.c — header names to column roles, in the languages sources use.
 *
 * A header is compared by its key: Unicode NFD with the Latin combining
 * accents (U+0300..U+036F) dropped, so "Adhésion" and "adhesion" are one, then
 * NFC again (Hangul syllables and voiced kana come back whole), case-folded, with blanks,
 * "_", "-", ".", "'" and "’" runs turned into one space and the ends trimmed
 * ("Date_of-Accession " -> "date of accession"). Each role has synonyms in
 * English, German, French, Spanish, Italian, Portuguese, Korean and Japanese,
 * written here as keys. When no header fits a required role, the closest
 * header by edit distance (Levenshtein, on characters) is suggested with the
 * --column option that would name it.
 */
#include "cm_ingest_private.h"
#include "../util/cm_strdist.h"

#include <string.h>

char *
cm__header_key(const char *name)
{
    char *nfd = g_utf8_normalize(name ? name : "", -1, G_NORMALIZE_NFD);
    if (!nfd)
        nfd = g_utf8_make_valid(name ? name : "", -1);
    GString *plain = g_string_sized_new(strlen(nfd));
    bool space = false;
    for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x0300 && c <= 0x036F)
            continue; /* Latin accents; kana's voicing marks stay (recomposed below) */
        if (g_unichar_isspace(c) || c == '_' || c == '-' || c == '.' || c == '\'' || c == 0x2019 ||
            c == ':') {
            space = plain->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(plain, ' ');
        space = false;
        g_string_append_unichar(plain, c);
    }
    g_free(nfd);
    char *nfc = g_utf8_normalize(plain->str, (gssize)plain->len, G_NORMALIZE_NFC);
    g_string_free(plain, TRUE);
    char *key = g_utf8_casefold(nfc, -1);
    g_free(nfc);
    return key;
}

/* The header names of each role, lowercase and without accents. */
/* English first: the first six are what messages list. */
static const char *const syn_entity[] = {"country",
                                         "member",
                                         "name",
                                         "state",
                                         "entity",
                                         "member state",
                                         "country name",
                                         "member country",
                                         "contracting state",
                                         "contracting party",
                                         "state party",
                                         "party",
                                         "nation",
                                         /* de */ "land",
                                         "staat",
                                         "mitglied",
                                         "mitgliedstaat",
                                         "mitgliedsstaat",
                                         "vertragsstaat",
                                         /* fr */ "pays",
                                         "etat",
                                         "etat membre",
                                         "membre",
                                         "nom",
                                         "etat partie",
                                         /* es */ "pais",
                                         "estado",
                                         "estado miembro",
                                         "miembro",
                                         "nombre",
                                         "estado parte",
                                         /* it */ "paese",
                                         "stato",
                                         "stato membro",
                                         "nome",
                                         /* pt */ "estado membro",
                                         "membro",
                                         /* ko */ "국가",
                                         "나라",
                                         "회원국",
                                         "국가명",
                                         "이름",
                                         /* ja */ "国",
                                         "国名",
                                         "加盟国",
                                         "国家",
                                         "名前",
                                         "締約国",
                                         NULL};
static const char *const syn_code[] = {"code",
                                       "iso",
                                       "iso2",
                                       "iso3",
                                       "iso a2",
                                       "iso a3",
                                       "iso code",
                                       "country code",
                                       "iso 3166",
                                       "alpha 2",
                                       "alpha 3",
                                       "alpha2",
                                       "alpha3",
                                       /* de */ "kurzel",
                                       "landercode",
                                       "landerkennung",
                                       /* fr */ "code pays",
                                       "code iso",
                                       /* es, pt */ "codigo",
                                       "codigo iso",
                                       "codigo pais",
                                       "codigo do pais",
                                       /* it */ "codice",
                                       "codice iso",
                                       /* ko */ "코드",
                                       "국가코드",
                                       "국가 코드",
                                       /* ja */ "コード",
                                       "国コード",
                                       NULL};
static const char *const syn_date[] = {"date",
                                       "joined",
                                       "start",
                                       "from",
                                       "signed",
                                       "begin",
                                       "date of accession",
                                       "accession",
                                       "accession date",
                                       "entry into force",
                                       "date of entry into force",
                                       "in force",
                                       "date joined",
                                       "joined on",
                                       "member since",
                                       "since",
                                       "start date",
                                       "date of signature",
                                       "signature",
                                       "ratification",
                                       "date of ratification",
                                       "ratified",
                                       /* de */ "beitritt",
                                       "datum",
                                       "mitglied seit",
                                       "beitrittsdatum",
                                       "datum des beitritts",
                                       "inkrafttreten",
                                       "unterzeichnung",
                                       "seit",
                                       "ratifikation",
                                       /* fr */ "adhesion",
                                       "date d adhesion",
                                       "date de l adhesion",
                                       "entree en vigueur",
                                       "membre depuis",
                                       "depuis",
                                       /* es */ "fecha",
                                       "fecha de adhesion",
                                       "entrada en vigor",
                                       "miembro desde",
                                       "desde",
                                       "firma",
                                       "ratificacion",
                                       /* it */ "adesione",
                                       "data",
                                       "data di adesione",
                                       "entrata in vigore",
                                       "membro dal",
                                       "membro da",
                                       "ratifica",
                                       /* pt */ "adesao",
                                       "data de adesao",
                                       "entrada em vigor",
                                       "membro desde",
                                       "assinatura",
                                       "ratificacao",
                                       /* ko */ "가입일",
                                       "가입",
                                       "날짜",
                                       "가입 날짜",
                                       "가입년도",
                                       "발효일",
                                       "서명일",
                                       "비준일",
                                       /* ja */ "加盟日",
                                       "加盟",
                                       "日付",
                                       "加盟年",
                                       "発効日",
                                       "署名日",
                                       "批准日",
                                       NULL};
static const char *const syn_end[] = {"end",
                                      "left",
                                      "to",
                                      "until",
                                      "end date",
                                      "withdrawal",
                                      "date of withdrawal",
                                      "withdrew",
                                      "left on",
                                      "exit",
                                      /* de */ "austritt",
                                      "ende",
                                      "bis",
                                      "austrittsdatum",
                                      /* fr */ "retrait",
                                      "fin",
                                      "jusqu a",
                                      "date de retrait",
                                      "sortie",
                                      /* es */ "retirada",
                                      "hasta",
                                      "salida",
                                      "fecha de retirada",
                                      /* it */ "recesso",
                                      "fine",
                                      "fino a",
                                      "uscita",
                                      /* pt */ "saida",
                                      "fim",
                                      "ate",
                                      /* ko */ "탈퇴",
                                      "탈퇴일",
                                      "종료",
                                      "종료일",
                                      /* ja */ "脱退",
                                      "脱退日",
                                      "終了",
                                      "終了日",
                                      NULL};
static const char *const syn_group[] = {"group",
                                        "wave",
                                        "round",
                                        "category",
                                        "enlargement",
                                        /* de */ "gruppe",
                                        "erweiterung",
                                        "welle",
                                        "runde",
                                        "kategorie",
                                        /* fr */ "groupe",
                                        "vague",
                                        "categorie",
                                        "elargissement",
                                        /* es */ "grupo",
                                        "ola",
                                        "ronda",
                                        "categoria",
                                        "ampliacion",
                                        /* it */ "gruppo",
                                        "ondata",
                                        "allargamento",
                                        /* pt */ "onda",
                                        "rodada",
                                        "alargamento",
                                        /* ko */ "그룹",
                                        "분류",
                                        "확대",
                                        /* ja */ "グループ",
                                        "分類",
                                        "拡大",
                                        NULL};
static const char *const syn_label[] = {"label",
                                        /* de */ "beschriftung",
                                        "bezeichnung",
                                        /* fr */ "etiquette",
                                        "libelle",
                                        /* es */ "etiqueta",
                                        /* it */ "etichetta",
                                        /* pt */ "rotulo",
                                        /* ko */ "라벨",
                                        "레이블",
                                        /* ja */ "ラベル",
                                        NULL};
static const char *const syn_note[] = {"note",
                                       "notes",
                                       "remark",
                                       "remarks",
                                       "comment",
                                       /* de */ "anmerkung",
                                       "bemerkung",
                                       "hinweis",
                                       "notiz",
                                       /* fr */ "remarque",
                                       "commentaire",
                                       /* es, it, pt */ "nota",
                                       "observaciones",
                                       "comentario",
                                       "osservazioni",
                                       "observacao",
                                       "observacoes",
                                       /* ko */ "비고",
                                       "메모",
                                       "참고",
                                       /* ja */ "備考",
                                       "注",
                                       "メモ",
                                       NULL};
static const char *const syn_source[] = {"source",
                                         "sources",
                                         "reference",
                                         /* de */ "quelle",
                                         "quellen",
                                         /* es */ "fuente",
                                         /* it, pt */ "fonte",
                                         /* ko */ "출처",
                                         /* ja */ "出典",
                                         "出所",
                                         NULL};
static const char *const syn_type[] = {"type",
                                       "kind",
                                       /* de */ "typ",
                                       "art",
                                       /* es, it, pt */ "tipo",
                                       /* ko */ "유형",
                                       "종류",
                                       /* ja */ "種類",
                                       "種別",
                                       NULL};
static const char *const syn_priority[] = {"priority",
                                           "prio",
                                           "importance",
                                           /* de */ "prioritat",
                                           "wichtigkeit",
                                           /* fr */ "priorite",
                                           /* es, it, pt */ "prioridad",
                                           "priorita",
                                           "prioridade",
                                           /* ko */ "우선순위",
                                           "중요도",
                                           /* ja */ "優先度",
                                           "重要度",
                                           NULL};
static const char *const *const synonyms[CM_ROLE_COUNT] = {
    [CM_ROLE_ENTITY] = syn_entity,     [CM_ROLE_CODE] = syn_code,     [CM_ROLE_DATE] = syn_date,
    [CM_ROLE_END] = syn_end,           [CM_ROLE_GROUP] = syn_group,   [CM_ROLE_LABEL] = syn_label,
    [CM_ROLE_NOTE] = syn_note,         [CM_ROLE_SOURCE] = syn_source, [CM_ROLE_TYPE] = syn_type,
    [CM_ROLE_PRIORITY] = syn_priority,
};

const char *const *
cm__role_synonyms(cm_role_t role)
{
    return synonyms[role];
}

bool
cm__header_is(const char *key, cm_role_t role)
{
    const char *const *syn = cm__role_synonyms(role);
    for (int k = 0; syn[k]; k++)
        if (strcmp(key, syn[k]) == 0)
            return true;
    return false;
}

int
cm__header_closest(char *const *keys, int n, const bool *taken, cm_role_t role)
{
    const char *const *syn = cm__role_synonyms(role);
    int best = -1;
    double best_score = 2.0;
    for (int i = 0; i < n; i++) {
        if (taken && taken[i])
            continue;
        long len_key = g_utf8_strlen(keys[i], -1);
        for (int k = 0; syn[k]; k++) {
            long len = MAX(len_key, g_utf8_strlen(syn[k], -1));
            /* also a synonym inside a longer header: "Datum (Beitritt)" */
            double score = strstr(keys[i], syn[k]) && g_utf8_strlen(syn[k], -1) >= 3
                               ? 0.1
                               : (double)cm_edit_distance(keys[i], syn[k]) / (double)MAX(len, 1);
            if (score < best_score) {
                best_score = score;
                best = i;
            }
        }
    }
    return best;
}
