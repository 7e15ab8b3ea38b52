/* test_country.c — country identity: codes, names, aliases, translations, sovereigns.
 *
 * Runs against the real iso-codes installed on the machine (the product's
 * data source), loaded once per group; the load-failure tests build their own
 * directories under a temporary folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "model/cm_country_private.h"
#include "util/cm_error.h"

static int
group_setup(void **state)
{
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    cm_countries_t *cs = cm_countries_load(NULL, &err);
    gint64 t1 = g_get_monotonic_time();
    if (!cs) {
        print_error("cannot load iso-codes: %s\n", err->message);
        g_error_free(err);
        return -1;
    }
    print_message("loaded %d entries, %d languages in %.2f ms\n", cm_countries_count(cs),
                  cm_countries_n_languages(cs), (double)(t1 - t0) / 1000.0);
    *state = cs;
    return 0;
}

static int
group_teardown(void **state)
{
    cm_countries_free(*state);
    return 0;
}

/* Asserts that TEXT resolves to the entry with ID ("DEU", "X-NCY"). */
#define assert_finds(cs, text, want_id)                                                            \
    do {                                                                                           \
        const cm_country_t *c_ = cm_countries_find((cs), (text));                                  \
        if (!c_ || strcmp(c_->id, (want_id)) != 0)                                                 \
            fail_msg("\"%s\" resolved to %s, want %s", (text), c_ ? c_->id : "nothing",            \
                     (want_id));                                                                   \
    } while (0)

static const cm_country_t *
by_id(const cm_countries_t *cs, const char *code)
{
    const cm_country_t *c = cm_countries_find_code(cs, code);
    if (!c)
        fail_msg("no entry with code %s", code);
    return c;
}

/* ---- codes ---- */

static void
test_codes(void **state)
{
    const cm_countries_t *cs = *state;
    assert_finds(cs, "DE", "DEU");
    assert_finds(cs, "de", "DEU");
    assert_finds(cs, "DEU", "DEU");
    assert_finds(cs, " deu\t", "DEU");
    assert_finds(cs, "276", "DEU");
    assert_finds(cs, "250", "FRA");
    assert_finds(cs, "056", "BEL");
    assert_finds(cs, "56", "BEL");
    assert_finds(cs, "036", "AUS");
    assert_finds(cs, "4", "AFG");
    assert_string_equal(cm_countries_find_numeric(cs, "036")->alpha2, "AU");
    assert_string_equal(cm_countries_find_numeric(cs, "36")->alpha2, "AU");
    assert_string_equal(cm_countries_by_numeric(cs, 56)->alpha3, "BEL");
    assert_null(cm_countries_find_numeric(cs, "-99"));
    assert_null(cm_countries_find_numeric(cs, "1000"));
    assert_null(cm_countries_find_numeric(cs, "12a"));
    assert_null(cm_countries_find_numeric(cs, ""));
    assert_null(cm_countries_by_numeric(cs, 999));
    assert_null(cm_countries_find_code(cs, "QQ"));

    const cm_country_t *de = by_id(cs, "DE");
    assert_string_equal(de->alpha3, "DEU");
    assert_int_equal(de->numeric, 276);
    assert_int_equal(de->kind, CM_COUNTRY_ISO);
    assert_string_equal(de->official_name, "Federal Republic of Germany");
}

static void
test_former_countries(void **state)
{
    const cm_countries_t *cs = *state;
    assert_finds(cs, "DD", "DDR");
    assert_finds(cs, "DDR", "DDR");
    assert_finds(cs, "278", "DDR");
    assert_finds(cs, "SU", "SUN");
    assert_finds(cs, "SUN", "SUN");
    assert_finds(cs, "CS", "CSK");
    assert_finds(cs, "CSK", "CSK");
    assert_finds(cs, "CSXX", "SCG");
    assert_finds(cs, "YU", "YUG");
    assert_finds(cs, "East Germany", "DDR");
    assert_finds(cs, "German Democratic Republic", "DDR");
    assert_finds(cs, "GDR", "DDR");
    assert_finds(cs, "Soviet Union", "SUN");
    assert_finds(cs, "USSR", "SUN");
    assert_finds(cs, "Czechoslovakia", "CSK");
    assert_finds(cs, "Yugoslavia", "YUG");
    assert_finds(cs, "Zaire", "ZAR");

    const cm_country_t *ddr = by_id(cs, "DDR");
    assert_int_equal(ddr->kind, CM_COUNTRY_HISTORIC);
    assert_string_equal(ddr->alpha4, "DDDE");
    assert_string_equal(ddr->withdrawn, "1990-10-30");
    assert_string_equal(ddr->display, "East Germany");
    assert_string_equal(by_id(cs, "SU")->display, "Soviet Union");

    /* current countries keep codes and numbers a former one also had */
    assert_finds(cs, "BY", "BLR");
    assert_finds(cs, "SK", "SVK");
    assert_finds(cs, "GE", "GEO");
    assert_finds(cs, "ATF", "ATF"); /* French Southern Territories, not FQ */
    assert_int_equal(cm_countries_find(cs, "ATF")->kind, CM_COUNTRY_ISO);
    assert_finds(cs, "104", "MMR");
    assert_finds(cs, "180", "COD");
    assert_finds(cs, "FQHH", "FQHH"); /* the former one by alpha-4 */
}

/* ---- names ---- */

static void
test_english_names(void **state)
{
    const cm_countries_t *cs = *state;
    assert_finds(cs, "Germany", "DEU");
    assert_finds(cs, "Federal Republic of Germany", "DEU");
    assert_finds(cs, "Korea, Republic of", "KOR");
    assert_finds(cs, "Bolivia, Plurinational State of", "BOL");
    assert_finds(cs, "Plurinational State of Bolivia", "BOL");
    assert_finds(cs, "United Kingdom of Great Britain and Northern Ireland", "GBR");
    assert_finds(cs, "Holy See (Vatican City State)", "VAT");
    assert_finds(cs, "Congo, The Democratic Republic of the", "COD");
    assert_finds(cs, "Congo", "COG");
    assert_finds(cs, "Niger", "NER");
    assert_finds(cs, "Nigeria", "NGA");
    assert_finds(cs, "Guinea", "GIN");
    assert_finds(cs, "Guinea-Bissau", "GNB");
    assert_finds(cs, "Equatorial Guinea", "GNQ");
    assert_finds(cs, "Papua New Guinea", "PNG");
    assert_finds(cs, "Sudan", "SDN");
    assert_finds(cs, "South Sudan", "SSD");
    assert_finds(cs, "Dominica", "DMA");
    assert_finds(cs, "Dominican Republic", "DOM");
    assert_finds(cs, "Sint Maarten (Dutch part)", "SXM");
    assert_finds(cs, "Saint Martin (French part)", "MAF");
}

typedef struct {
    const char *text;
    const char *id;
} case_t;

/* Every alias the matching contract names. */
static const case_t aliases[] = {
    {"Czech Republic", "CZE"},
    {"Czechia", "CZE"},
    {"Turkey", "TUR"},
    {"Türkiye", "TUR"},
    {"Turkiye", "TUR"},
    {"Macedonia", "MKD"},
    {"North Macedonia", "MKD"},
    {"Republic of North Macedonia", "MKD"},
    {"South Korea", "KOR"},
    {"Republic of Korea", "KOR"},
    {"Korea", "KOR"},
    {"Korea, Rep.", "KOR"},
    {"Korea (Republic of)", "KOR"},
    {"North Korea", "PRK"},
    {"DPRK", "PRK"},
    {"UK", "GBR"},
    {"Great Britain", "GBR"},
    {"United Kingdom", "GBR"},
    {"Britain", "GBR"},
    {"US", "USA"},
    {"USA", "USA"},
    {"U.S.A.", "USA"},
    {"United States", "USA"},
    {"United States of America", "USA"},
    {"America", "USA"},
    {"Russia", "RUS"},
    {"Russian Federation", "RUS"},
    {"Iran", "IRN"},
    {"Syria", "SYR"},
    {"Vietnam", "VNM"},
    {"Viet Nam", "VNM"},
    {"Laos", "LAO"},
    {"Bolivia", "BOL"},
    {"Venezuela", "VEN"},
    {"Tanzania", "TZA"},
    {"Moldova", "MDA"},
    {"Brunei", "BRN"},
    {"Cape Verde", "CPV"},
    {"Cabo Verde", "CPV"},
    {"Ivory Coast", "CIV"},
    {"Côte d'Ivoire", "CIV"},
    {"Swaziland", "SWZ"},
    {"eSwatini", "SWZ"},
    {"Eswatini", "SWZ"},
    {"Burma", "MMR"},
    {"Myanmar", "MMR"},
    {"Holland", "NLD"},
    {"Netherlands", "NLD"},
    {"Vatican", "VAT"},
    {"Holy See", "VAT"},
    {"East Timor", "TLS"},
    {"Timor-Leste", "TLS"},
    {"Taiwan", "TWN"},
    {"Palestine", "PSE"},
    {"West Germany", "DEU"},
    {"Federal Republic of Germany", "DEU"},
};

static void
test_aliases(void **state)
{
    const cm_countries_t *cs = *state;
    for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++)
        assert_finds(cs, aliases[i].text, aliases[i].id);
}

/* Natural Earth 2018 names as world-atlas 2.0.2 writes them. */
static const case_t natural_earth[] = {
    {"Bosnia and Herz.", "BIH"},
    {"Central African Rep.", "CAF"},
    {"Dem. Rep. Congo", "COD"},
    {"Dominican Rep.", "DOM"},
    {"Eq. Guinea", "GNQ"},
    {"S. Sudan", "SSD"},
    {"Solomon Is.", "SLB"},
    {"Falkland Is.", "FLK"},
    {"Fr. S. Antarctic Lands", "ATF"},
    {"W. Sahara", "ESH"},
    {"N. Cyprus", "X-NCY"},
    {"Côte d'Ivoire", "CIV"},
    {"eSwatini", "SWZ"},
    {"Macedonia", "MKD"},
    {"Czechia", "CZE"},
    {"United States of America", "USA"},
    {"Somaliland", "X-SOL"},
    {"Kosovo", "XKX"},
    {"Timor-Leste", "TLS"},
    {"Puerto Rico", "PRI"},
    {"Greenland", "GRL"},
    {"Antarctica", "ATA"},
    {"Fr. Polynesia", "PYF"},
    {"N. Mariana Is.", "MNP"},
    {"U.S. Virgin Is.", "VIR"},
    {"British Virgin Is.", "VGB"},
    {"Cayman Is.", "CYM"},
    {"Turks and Caicos Is.", "TCA"},
    {"St. Kitts and Nevis", "KNA"},
    {"St. Vin. and Gren.", "VCT"},
    {"Antigua and Barb.", "ATG"},
    {"Br. Indian Ocean Ter.", "IOT"},
    {"S. Geo. and the Is.", "SGS"},
    {"Heard I. and McDonald Is.", "HMD"},
    {"Wallis and Futuna Is.", "WLF"},
    {"St. Pierre and Miquelon", "SPM"},
    {"St-Martin", "MAF"},
    {"St-Barthélemy", "BLM"},
    {"Sint Maarten", "SXM"},
    {"Curaçao", "CUW"},
    {"Faeroe Is.", "FRO"},
    {"Åland", "ALA"},
    {"São Tomé and Principe", "STP"},
    {"Cook Is.", "COK"},
    {"Pitcairn Is.", "PCN"},
    {"Marshall Is.", "MHL"},
    {"Micronesia", "FSM"},
    {"Vatican", "VAT"},
    {"Macao", "MAC"},
    {"Hong Kong", "HKG"},
    {"Saint Helena", "SHN"},
    {"Indian Ocean Ter.", "X-AIT"},
    {"Ashmore and Cartier Is.", "X-ACI"},
    {"Siachen Glacier", "X-SIA"},
    {"Lao PDR", "LAO"},
    {"Dem. Rep. Korea", "PRK"},
    {"Czech Rep.", "CZE"},
};

static void
test_natural_earth_names(void **state)
{
    const cm_countries_t *cs = *state;
    for (size_t i = 0; i < G_N_ELEMENTS(natural_earth); i++)
        assert_finds(cs, natural_earth[i].text, natural_earth[i].id);
}

static void
test_translated_names(void **state)
{
    const cm_countries_t *cs = *state;
    assert_true(cm_countries_has_language(cs, "ko"));
    assert_true(cm_countries_has_language(cs, "ja"));
    assert_finds(cs, "대한민국", "KOR");
    assert_finds(cs, "日本", "JPN");
    assert_finds(cs, "일본", "JPN");
    assert_finds(cs, "Deutschland", "DEU");
    assert_finds(cs, "Allemagne", "DEU");
    assert_finds(cs, "Südkorea", "KOR");
    assert_finds(cs, "Tschechien", "CZE");
    assert_finds(cs, "Royaume-Uni", "GBR");
    assert_finds(cs, "États-Unis", "USA");
    assert_finds(cs, "ドイツ", "DEU");
    assert_finds(cs, "大韓民国", "KOR"); /* ja "大韓民国 (韓国)" without the parenthesis */
    assert_finds(cs, "韓国", "KOR");     /* ... and the parenthesis alone */
    assert_finds(cs, "Deutsche Demokratische Republik", "DDR");
    /* ja writes both Saint Martins "サンマルタン (...)": the bare name is ambiguous */
    assert_null(cm_countries_find(cs, "サンマルタン"));
    assert_finds(cs, "サンマルタン (仏領)", "MAF");
    assert_finds(cs, "サンマルタン (オランダ領)", "SXM");
}

static void
test_case_accents_punctuation(void **state)
{
    const cm_countries_t *cs = *state;
    assert_finds(cs, "turkiye", "TUR");
    assert_finds(cs, "TÜRKIYE", "TUR");
    assert_finds(cs, "COTE D'IVOIRE", "CIV");
    assert_finds(cs, "cote d\u2019ivoire", "CIV");
    assert_finds(cs, "Cote dIvoire", "CIV");
    assert_finds(cs, "  germany  ", "DEU");
    assert_finds(cs, "GERMANY", "DEU");
    assert_finds(cs, "\uFF35\uFF33\uFF21", "USA"); /* full-width USA */
    assert_finds(cs, "guinea bissau", "GNB");
    assert_finds(cs, "Bosnia & Herzegovina", "BIH");
    assert_finds(cs, "Trinidad & Tobago", "TTO");
    assert_finds(cs, "Saint Lucia", "LCA");
    assert_finds(cs, "St Lucia", "LCA");
    assert_finds(cs, "St. Lucia", "LCA");
    assert_finds(cs, "the netherlands", "NLD");
    assert_finds(cs, "Aland Islands", "ALA");
    assert_finds(cs, "CURACAO", "CUW");
    assert_finds(cs, "Sao Tome & Principe", "STP");
    assert_finds(cs, "Korea Republic", "KOR");
}

static void
test_kosovo(void **state)
{
    const cm_countries_t *cs = *state;
    assert_finds(cs, "Kosovo", "XKX");
    assert_finds(cs, "XK", "XKX");
    assert_finds(cs, "xkx", "XKX");
    assert_finds(cs, "Republic of Kosovo", "XKX");
    const cm_country_t *xk = by_id(cs, "XK");
    assert_int_equal(xk->numeric, -1);
    assert_string_equal(xk->alpha2, "XK");
    assert_ptr_equal(cm_country_sovereign(xk), xk);
    assert_string_equal(cm_country_name(xk, "ko"), "Kosovo"); /* no translation: English */
}

static void
test_private_entries(void **state)
{
    const cm_countries_t *cs = *state;
    const char *ids[] = {"X-NCY", "X-SOL", "X-SIA", "X-AIT", "X-ACI"};
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        const cm_country_t *c = by_id(cs, ids[i]);
        assert_int_equal(c->kind, CM_COUNTRY_PRIVATE);
        assert_null(c->alpha2);
        assert_null(c->alpha3);
        assert_int_equal(c->numeric, -1);
        assert_ptr_equal(cm_countries_find(cs, ids[i]), c);
        assert_ptr_equal(cm_countries_find(cs, c->name), c);
    }
    assert_string_equal(by_id(cs, "X-NCY")->name, "N. Cyprus");
    assert_string_equal(by_id(cs, "x-ncy")->display, "Northern Cyprus");
    assert_finds(cs, "Northern Cyprus", "X-NCY");
}

/* ---- unmatched ---- */

static void
test_unmatched_and_suggestions(void **state)
{
    const cm_countries_t *cs = *state;
    assert_null(cm_countries_find(cs, "Germnay"));
    assert_null(cm_countries_find(cs, NULL));
    assert_null(cm_countries_find(cs, ""));
    assert_null(cm_countries_find(cs, "   "));
    assert_null(cm_countries_find(cs, "..."));
    assert_null(cm_countries_find(cs, "\xff\xfe"));
    assert_null(cm_countries_find(cs, "Atlantis"));

    const cm_country_t *sug[5];
    int n = cm_countries_suggest(cs, "Germnay", sug, 5);
    assert_true(n >= 1);
    assert_string_equal(sug[0]->id, "DEU");
    n = cm_countries_suggest(cs, "Czech Republik", sug, 5);
    assert_true(n >= 1);
    assert_string_equal(sug[0]->id, "CZE");
    assert_int_equal(cm_countries_suggest(cs, "Germnay", sug, 0), 0);
    assert_int_equal(cm_countries_suggest(cs, "Qwxzvbnmlk", sug, 5), 0);

    char *msg = cm_countries_unknown_message(cs, "Germnay");
    assert_string_equal(msg, "unknown country \"Germnay\" (did you mean Germany?)");
    g_free(msg);
    msg = cm_countries_unknown_message(cs, "Czech Republik");
    assert_string_equal(msg, "unknown country \"Czech Republik\" (did you mean Czechia?)");
    g_free(msg);
    msg = cm_countries_unknown_message(cs, "Nigerr");
    assert_string_equal(msg, "unknown country \"Nigerr\" (did you mean Niger?)");
    g_free(msg);
    msg = cm_countries_unknown_message(cs, "Qwxzvbnmlk");
    assert_non_null(strstr(msg, "unknown country \"Qwxzvbnmlk\" (use an ISO 3166 code"));
    g_free(msg);
    msg = cm_countries_unknown_message(cs, "대한민곡");
    assert_string_equal(msg, "unknown country \"대한민곡\" (did you mean South Korea?)");
    g_free(msg);
}

/* ---- sovereigns ---- */

static void
test_sovereign_defaults(void **state)
{
    const cm_countries_t *cs = *state;
    const case_t pairs[] = {
        {"Greenland", "DNK"},
        {"Faroe Islands", "DNK"},
        {"Åland", "FIN"},
        {"Puerto Rico", "USA"},
        {"Guam", "USA"},
        {"U.S. Virgin Is.", "USA"},
        {"American Samoa", "USA"},
        {"N. Mariana Is.", "USA"},
        {"French Guiana", "FRA"},
        {"New Caledonia", "FRA"},
        {"Fr. Polynesia", "FRA"},
        {"Fr. S. Antarctic Lands", "FRA"},
        {"Falkland Is.", "GBR"},
        {"Gibraltar", "GBR"},
        {"Bermuda", "GBR"},
        {"Aruba", "NLD"},
        {"Curaçao", "NLD"},
        {"Sint Maarten", "NLD"},
        {"Svalbard and Jan Mayen", "NOR"},
        {"Ashmore and Cartier Is.", "AUS"},
        {"Indian Ocean Ter.", "AUS"},
        {"N. Cyprus", "CYP"},
        {"Somaliland", "SOM"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        const cm_country_t *c = cm_countries_find(cs, pairs[i].text);
        assert_non_null(c);
        if (strcmp(cm_country_sovereign(c)->id, pairs[i].id) != 0)
            fail_msg("%s belongs with %s, want %s", pairs[i].text, cm_country_sovereign(c)->id,
                     pairs[i].id);
    }
    const char *alone[] = {"Portugal", "Germany", "Denmark", "Siachen Glacier", "W. Sahara",
                           "Cook Is.", "Kosovo",  "Taiwan",  "Antarctica"};
    for (size_t i = 0; i < G_N_ELEMENTS(alone); i++) {
        const cm_country_t *c = cm_countries_find(cs, alone[i]);
        assert_non_null(c);
        assert_ptr_equal(cm_country_sovereign(c), c);
    }
}

static void
test_sovereign_rules(void **state)
{
    (void)state;
    GError *err = NULL;
    const char *no_langs[] = {NULL};
    const char *rules[] = {"GL=", "Svalbard and Jan Mayen = Denmark", "X-NCY=", NULL};
    cm_countries_opts_t o = {.languages = no_langs, .sovereigns = rules};
    cm_countries_t *cs = cm_countries_load_full(&o, &err);
    assert_non_null(cs);
    const cm_country_t *gl = cm_countries_find(cs, "GL");
    assert_ptr_equal(cm_country_sovereign(gl), gl);
    assert_string_equal(cm_country_sovereign(cm_countries_find(cs, "SJ"))->id, "DNK");
    assert_string_equal(cm_country_sovereign(cm_countries_find(cs, "N. Cyprus"))->id, "X-NCY");
    assert_string_equal(cm_country_sovereign(cm_countries_find(cs, "FO"))->id, "DNK");
    assert_int_equal(cm_countries_n_languages(cs), 0);
    cm_countries_free(cs);

    /* without the defaults */
    o = (cm_countries_opts_t){.languages = no_langs, .no_default_sovereigns = true};
    cs = cm_countries_load_full(&o, &err);
    assert_non_null(cs);
    const cm_country_t *pr = cm_countries_find(cs, "PR");
    assert_ptr_equal(cm_country_sovereign(pr), pr);
    cm_countries_free(cs);

    /* chains resolve to the end */
    const char *chain[] = {"Bouvet Island=SJ", NULL};
    o = (cm_countries_opts_t){.languages = no_langs, .sovereigns = chain};
    cs = cm_countries_load_full(&o, &err);
    assert_non_null(cs);
    assert_string_equal(cm_country_sovereign(cm_countries_find(cs, "BV"))->id, "NOR");
    cm_countries_free(cs);

    const char *typo[] = {"Grenland=DK", NULL};
    o = (cm_countries_opts_t){.languages = no_langs, .sovereigns = typo};
    assert_null(cm_countries_load_full(&o, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    assert_string_equal(err->message, "unknown country \"Grenland\" (did you mean Greenland?) in "
                                      "sovereign rule \"Grenland=DK\"");
    g_clear_error(&err);

    const char *cycle[] = {"DK=GL", NULL};
    o = (cm_countries_opts_t){.languages = no_langs, .sovereigns = cycle};
    assert_null(cm_countries_load_full(&o, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    assert_non_null(strstr(err->message, "cycle"));
    g_clear_error(&err);

    const char *no_eq[] = {"GL DK", NULL};
    o = (cm_countries_opts_t){.languages = no_langs, .sovereigns = no_eq};
    assert_null(cm_countries_load_full(&o, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    g_clear_error(&err);
}

/* ---- display names ---- */

static void
assert_name(const cm_countries_t *cs, const char *code, const char *lang, const char *want)
{
    const char *got = cm_country_name(by_id(cs, code), lang);
    if (strcmp(got, want) != 0)
        fail_msg("name of %s in %s is \"%s\", want \"%s\"", code, lang ? lang : "NULL", got, want);
}

static void
test_display_names(void **state)
{
    const cm_countries_t *cs = *state;
    const case_t en[] = {
        {"KR", "South Korea"},   {"KP", "North Korea"},    {"RU", "Russia"},
        {"IR", "Iran"},          {"SY", "Syria"},          {"VN", "Vietnam"},
        {"LA", "Laos"},          {"BO", "Bolivia"},        {"VE", "Venezuela"},
        {"TZ", "Tanzania"},      {"MD", "Moldova"},        {"TW", "Taiwan"},
        {"US", "United States"}, {"GB", "United Kingdom"}, {"CZ", "Czechia"},
        {"TR", "Türkiye"},       {"BN", "Brunei"},         {"CD", "DR Congo"},
        {"PS", "Palestine"},     {"VA", "Vatican City"},   {"MK", "North Macedonia"},
        {"DE", "Germany"},       {"FM", "Micronesia"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(en); i++) {
        assert_name(cs, en[i].text, "en", en[i].id);
        assert_name(cs, en[i].text, NULL, en[i].id);
    }
    assert_name(cs, "KR", "ko", "대한민국");
    assert_name(cs, "JP", "ko", "일본");
    /* the catalogue's long form as input, the newspaper form as a label */
    assert_name(cs, "KR", "ja", "韓国");
    assert_finds(cs, "大韓民国 (韓国)", "KOR");
    assert_name(cs, "AU", "ja", "オーストラリア");
    assert_name(cs, "KP", "ko", "북한");
    assert_name(cs, "JP", "ja", "日本");
    assert_name(cs, "DE", "de", "Deutschland");
    assert_name(cs, "KR", "de", "Südkorea");
    assert_name(cs, "DE", "fr", "Allemagne");
    assert_name(cs, "KR", "fr", "Corée du Sud");
    /* catalogues that sort names ISO style are turned back for labels */
    assert_name(cs, "RU", "fr", "Fédération de Russie");
    assert_name(cs, "AX", "fr", "Îles Åland");
    assert_name(cs, "IR", "fr", "République islamique d'Iran");
    assert_name(cs, "CS", "de", "Tschechoslowakei");
    /* iso-codes' Japanese catalogue lacks these four: English fallback */
    assert_name(cs, "CZ", "ja", "Czechia");
    assert_name(cs, "MK", "ja", "North Macedonia");
    assert_name(cs, "TR", "ja", "Türkiye");
    assert_name(cs, "SZ", "ja", "Eswatini");
    assert_name(cs, "CZ", "ko", "체코");
    /* language tags */
    assert_name(cs, "DE", "de-AT", "Deutschland");
    assert_name(cs, "DE", "de_CH.UTF-8", "Deutschland");
    assert_name(cs, "DE", "xx", "Germany");
    assert_name(cs, "DE", "zh", cm_country_name(by_id(cs, "DE"), "zh_CN"));
    assert_true(cm_countries_has_language(cs, "de-AT"));
    assert_true(cm_countries_has_language(cs, "en"));
    assert_false(cm_countries_has_language(cs, "xx"));
}

/* ---- the table as a whole ---- */

static void
test_enumeration(void **state)
{
    const cm_countries_t *cs = *state;
    int n = cm_countries_count(cs);
    assert_true(n >= 249 + 6 + 31);
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < n; i++) {
        const cm_country_t *c = cm_countries_get(cs, i);
        assert_non_null(c->id);
        assert_non_null(c->name);
        assert_non_null(c->display);
        assert_false(g_hash_table_contains(ids, c->id));
        g_hash_table_add(ids, (gpointer)c->id);
        assert_ptr_equal(cm_countries_find_code(cs, c->id), c);
        const cm_country_t *s = cm_country_sovereign(c);
        assert_ptr_equal(cm_countries_find_code(cs, s->id), s);
        assert_ptr_equal(cm_country_sovereign(s), s); /* chains are resolved */
        /* every current country is found by its own English names */
        if (c->kind != CM_COUNTRY_HISTORIC) {
            assert_ptr_equal(cm_countries_find(cs, c->name), c);
            assert_ptr_equal(cm_countries_find(cs, c->display), c);
        }
    }
    g_hash_table_destroy(ids);
}

typedef struct {
    const cm_countries_t *cs;
    int mismatches;
} thread_arg_t;

static gpointer
lookup_thread(gpointer data)
{
    thread_arg_t *a = data;
    for (int r = 0; r < 50; r++)
        for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++) {
            const cm_country_t *c = cm_countries_find(a->cs, aliases[i].text);
            if (!c || strcmp(c->id, aliases[i].id) != 0 || !cm_country_name(c, r % 2 ? "ko" : "ja"))
                a->mismatches++;
        }
    return NULL;
}

static void
test_shared_across_threads(void **state)
{
    thread_arg_t args[4];
    GThread *threads[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (thread_arg_t){*state, 0};
        threads[i] = g_thread_new("lookup", lookup_thread, &args[i]);
    }
    for (int i = 0; i < 4; i++) {
        g_thread_join(threads[i]);
        assert_int_equal(args[i].mismatches, 0);
    }
}

/* Every feature of world-atlas' basemaps resolves: by its numeric id when it
 * has one, and always by its name, and both give the same country (or the
 * name gives a dependency of the id's country: Ashmore and Cartier Is. carry
 * Australia's 036). Appends problems to BAD; returns the number of features. */
static int
check_world_atlas(const cm_countries_t *cs, const char *path, GString *bad)
{
    JsonParser *parser = json_parser_new();
    GError *err = NULL;
    if (!json_parser_load_from_file(parser, path, &err)) {
        g_string_append_printf(bad, "cannot parse %s: %s\n", path, err->message);
        g_error_free(err);
        g_object_unref(parser);
        return 0;
    }
    JsonObject *root = json_node_get_object(json_parser_get_root(parser));
    JsonObject *objects = json_object_get_object_member(root, "objects");
    JsonObject *countries = json_object_get_object_member(objects, "countries");
    JsonArray *geoms = json_object_get_array_member(countries, "geometries");
    int checked = 0;
    for (guint i = 0; i < json_array_get_length(geoms); i++) {
        JsonObject *g = json_array_get_object_element(geoms, i);
        JsonObject *props = json_object_get_object_member(g, "properties");
        const char *name = json_object_get_string_member(props, "name");
        const char *id =
            json_object_has_member(g, "id") ? json_object_get_string_member(g, "id") : NULL;
        const cm_country_t *by_name = cm_countries_find(cs, name);
        const cm_country_t *by_num = id ? cm_countries_find_numeric(cs, id) : NULL;
        checked++;
        if (!by_name)
            g_string_append_printf(bad, "%s: feature \"%s\" matches no country\n", path, name);
        if (id && !by_num)
            g_string_append_printf(bad, "%s: feature \"%s\" has unknown id %s\n", path, name, id);
        if (by_name && by_num && by_num != by_name && cm_country_sovereign(by_name) != by_num)
            g_string_append_printf(bad, "%s: feature \"%s\" is %s by name, %s by id %s\n", path,
                                   name, by_name->id, by_num->id, id);
    }
    g_object_unref(parser);
    return checked;
}

static void
test_world_atlas_features(void **state)
{
    const cm_countries_t *cs = *state;
    char *p110 = g_build_filename(CM_SRCDIR, "data", "world", "countries-110m.json", NULL);
    char *p50 = g_build_filename(CM_SRCDIR, "data", "world", "countries-50m.json", NULL);
    if (!g_file_test(p110, G_FILE_TEST_EXISTS)) {
        print_message("SKIPPED: %s is absent, world-atlas feature names not checked\n", p110);
        g_free(p110);
        g_free(p50);
        skip();
    }
    GString *bad = g_string_new(NULL);
    int n = check_world_atlas(cs, p110, bad);
    print_message("countries-110m.json: %d features checked\n", n);
    if (g_file_test(p50, G_FILE_TEST_EXISTS)) {
        int n50 = check_world_atlas(cs, p50, bad);
        print_message("countries-50m.json: %d features checked\n", n50);
    }
    g_free(p110);
    g_free(p50);
    if (bad->len)
        print_error("%s", bad->str);
    bool ok = bad->len == 0;
    g_string_free(bad, TRUE);
    assert_true(ok);
    assert_true(n > 150);
}

/* ---- loading ---- */

static char *
write_file(const char *dir, const char *rel, const char *data, gssize len)
{
    char *path = g_build_filename(dir, rel, NULL);
    char *parent = g_path_get_dirname(path);
    g_mkdir_with_parents(parent, 0755);
    g_free(parent);
    assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

static void
copy_file(const char *from, const char *dir, const char *rel)
{
    char *data;
    gsize len;
    assert_true(g_file_get_contents(from, &data, &len, NULL));
    g_free(write_file(dir, rel, data, (gssize)len));
    g_free(data);
}

static void
remove_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        const char *name;
        while ((name = g_dir_read_name(d))) {
            char *child = g_build_filename(path, name, NULL);
            remove_tree(child);
            g_free(child);
        }
        g_dir_close(d);
    }
    g_remove(path);
}

static void
test_load_errors(void **state)
{
    (void)state;
    GError *err = NULL;
    assert_null(cm_countries_load("/nonexistent/iso-codes", &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_IO));
    assert_non_null(strstr(err->message, "/nonexistent/iso-codes/iso_3166-1.json"));
    g_clear_error(&err);

    char *tmp = g_dir_make_tmp("cm-country-XXXXXX", NULL);
    assert_non_null(tmp);
    char *json = g_build_filename(tmp, "share", "iso-codes", "json", NULL);
    g_free(write_file(json, "iso_3166-1.json", "{\"3166-1\": [", -1));
    assert_null(cm_countries_load(json, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    g_clear_error(&err);

    g_free(write_file(json, "iso_3166-1.json", "{\"3166-1\": [{\"alpha_2\": \"DE\"}]}", -1));
    assert_null(cm_countries_load(json, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    assert_non_null(strstr(err->message, "entry 1"));
    g_clear_error(&err);

    /* real JSON, a corrupt Korean catalogue and a good German one next to it:
     * the corrupt one is skipped, the default locale dir is found as
     * ../../locale */
    copy_file(CM_ISO_CODES_DEFAULT_DIR "/iso_3166-1.json", json, "iso_3166-1.json");
    copy_file(CM_ISO_CODES_DEFAULT_DIR "/iso_3166-3.json", json, "iso_3166-3.json");
    char *locale = g_build_filename(tmp, "share", "locale", NULL);
    g_free(write_file(locale, "ko/LC_MESSAGES/iso_3166-1.mo", "\xde\x12\x04\x95garbage", 11));
    copy_file(CM_LOCALE_DEFAULT_DIR "/de/LC_MESSAGES/iso_3166-1.mo", locale,
              "de/LC_MESSAGES/iso_3166-1.mo");
    const char *all[] = {"*", NULL};
    cm_countries_opts_t o = {.iso_codes_dir = json, .languages = all};
    cm_countries_t *cs = cm_countries_load_full(&o, &err);
    assert_non_null(cs);
    assert_int_equal(cm_countries_n_languages(cs), 1);
    assert_false(cm_countries_has_language(cs, "ko"));
    assert_true(cm_countries_has_language(cs, "de"));
    assert_string_equal(cm_countries_find(cs, "Deutschland")->id, "DEU");
    assert_null(cm_countries_find(cs, "대한민국"));
    cm_countries_free(cs);
    remove_tree(tmp);
    g_free(locale);
    g_free(json);
    g_free(tmp);
}

/* Translations are read on first need: codes, numbers, English names, aliases and every
 * world-atlas feature name resolve without them (what a map of an English CSV needs);
 * a translated name then reads them, once. */
static void
test_translations_on_first_need(void **state)
{
    (void)state;
    GError *err = NULL;
    cm_countries_t *cs = cm_countries_load(NULL, &err);
    assert_non_null(cs);
    assert_false(cm__countries_translations_loaded(cs));
    assert_finds(cs, "France", "FRA");
    assert_finds(cs, "Czech Republic", "CZE");
    assert_finds(cs, "Dem. Rep. Congo", "COD");
    assert_finds(cs, "DE", "DEU");
    assert_string_equal(cm_countries_find_numeric(cs, "250")->id, "FRA");
    assert_string_equal(cm_country_name(by_id(cs, "KOR"), NULL), "South Korea");
    assert_null(cm_countries_find(cs, "")); /* no key at all: nothing to look up */
    char *p50 = g_build_filename(CM_SRCDIR, "data", "world", "countries-50m.json", NULL);
    GString *bad = g_string_new(NULL);
    assert_true(check_world_atlas(cs, p50, bad) > 200);
    assert_int_equal(bad->len, 0);
    g_string_free(bad, TRUE);
    g_free(p50);
    assert_false(cm__countries_translations_loaded(cs));

    assert_finds(cs, "대한민국", "KOR");
    assert_true(cm__countries_translations_loaded(cs));
    assert_string_equal(cm_country_name(by_id(cs, "KOR"), "ja"), "韓国");
    assert_true(cm_countries_n_languages(cs) > 5);
    cm_countries_free(cs);

    /* A language asked for is also a reason to read them. */
    cs = cm_countries_load(NULL, &err);
    assert_true(cm_countries_has_language(cs, "ko"));
    assert_true(cm__countries_translations_loaded(cs));
    cm_countries_free(cs);
}

static gpointer
first_need_thread(gpointer p)
{
    const cm_countries_t *cs = p;
    const cm_country_t *c = cm_countries_find(cs, "日本");
    bool ok = c && strcmp(c->id, "JPN") == 0 &&
              strcmp(cm_country_name(cm_countries_find(cs, "KR"), "ko"), "대한민국") == 0;
    return GINT_TO_POINTER(ok);
}

/* Threads that all need the translations at once get one copy, all of it. */
static void
test_translations_first_need_in_threads(void **state)
{
    (void)state;
    for (int round = 0; round < 3; round++) {
        cm_countries_t *cs = cm_countries_load(NULL, NULL);
        assert_non_null(cs);
        GThread *threads[4];
        for (int i = 0; i < 4; i++)
            threads[i] = g_thread_new("first-need", first_need_thread, cs);
        for (int i = 0; i < 4; i++)
            assert_true(GPOINTER_TO_INT(g_thread_join(threads[i])));
        cm_countries_free(cs);
    }
}

/* iso-codes files the fast reader leaves to json-glib (here: an escape sequence) give the
 * same table as the fast reader does. */
static void
test_iso_reader_fallback_same_table(void **state)
{
    (void)state;
    char *tmp = g_dir_make_tmp("cm-country-XXXXXX", NULL);
    char *json = g_build_filename(tmp, "share", "iso-codes", "json", NULL);
    char *data;
    gsize len;
    assert_true(
        g_file_get_contents(CM_ISO_CODES_DEFAULT_DIR "/iso_3166-1.json", &data, &len, NULL));
    char *at = strstr(data, "\"name\": \"Aruba\"");
    assert_non_null(at);
    GString *edited = g_string_new_len(data, at - data);
    g_string_append(edited, "\"name\": \"Arub\\u0061\"");
    g_string_append(edited, at + strlen("\"name\": \"Aruba\""));
    g_free(write_file(json, "iso_3166-1.json", edited->str, (gssize)edited->len));
    copy_file(CM_ISO_CODES_DEFAULT_DIR "/iso_3166-3.json", json, "iso_3166-3.json");
    GError *err = NULL;
    const char *none[] = {NULL};
    cm_countries_opts_t o = {.iso_codes_dir = json, .languages = none};
    cm_countries_t *slow = cm_countries_load_full(&o, &err);
    o.iso_codes_dir = NULL;
    cm_countries_t *fast = cm_countries_load_full(&o, &err);
    assert_non_null(slow);
    assert_non_null(fast);
    assert_int_equal(cm_countries_count(slow), cm_countries_count(fast));
    for (int i = 0; i < cm_countries_count(fast); i++) {
        const cm_country_t *a = cm_countries_get(fast, i), *b = cm_countries_get(slow, i);
        const char *fa[] = {a->id,     a->name,          a->display,     a->alpha2,   a->alpha3,
                            a->alpha4, a->official_name, a->common_name, a->withdrawn};
        const char *fb[] = {b->id,     b->name,          b->display,     b->alpha2,   b->alpha3,
                            b->alpha4, b->official_name, b->common_name, b->withdrawn};
        for (size_t k = 0; k < G_N_ELEMENTS(fa); k++)
            assert_true(g_strcmp0(fa[k], fb[k]) == 0);
        assert_int_equal(a->numeric, b->numeric);
        assert_int_equal(a->kind, b->kind);
    }
    assert_finds(slow, "Aruba", "ABW");
    cm_countries_free(fast);
    cm_countries_free(slow);
    g_string_free(edited, TRUE);
    g_free(data);
    remove_tree(tmp);
    g_free(json);
    g_free(tmp);
}

static void
test_mo_reader(void **state)
{
    (void)state;
    cm__mo_t mo;
    GError *err = NULL;
    assert_true(cm__mo_init(&mo, CM_LOCALE_DEFAULT_DIR "/ko/LC_MESSAGES/iso_3166-1.mo", &err));
    assert_true(mo.n > 200);
    bool found = false;
    for (int i = 0; i < mo.n; i++)
        if (!strcmp(mo.msgid[i], "Japan")) {
            assert_string_equal(mo.msgstr[i], "일본");
            found = true;
        }
    assert_true(found);

    /* cut short: offsets point past the end */
    char *tmp = g_dir_make_tmp("cm-mo-XXXXXX", NULL);
    char *data;
    gsize len;
    assert_true(g_file_get_contents(CM_LOCALE_DEFAULT_DIR "/ko/LC_MESSAGES/iso_3166-1.mo", &data,
                                    &len, NULL));
    cm__mo_release(&mo);
    char *path = write_file(tmp, "short.mo", data, (gssize)(len / 2));
    assert_false(cm__mo_init(&mo, path, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    g_clear_error(&err);
    g_remove(path);
    g_free(path);
    path = write_file(tmp, "notmo.mo", "hello, world, this is text", -1);
    assert_false(cm__mo_init(&mo, path, &err));
    g_clear_error(&err);
    g_remove(path);
    g_free(path);
    assert_false(cm__mo_init(&mo, "/nonexistent.mo", &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_IO));
    g_clear_error(&err);
    g_rmdir(tmp);
    g_free(tmp);
    g_free(data);
}

static void
assert_same_key(const char *a, const char *b)
{
    char *ka = cm__country_key(a), *kb = cm__country_key(b);
    if (!ka || !kb || strcmp(ka, kb) != 0)
        fail_msg("keys differ: \"%s\" -> %s, \"%s\" -> %s", a, ka ? ka : "NULL", b,
                 kb ? kb : "NULL");
    g_free(ka);
    g_free(kb);
}

static void
test_keys_and_distance(void **state)
{
    (void)state;
    assert_same_key("Côte d\u2019Ivoire", "COTE D'IVOIRE");
    assert_same_key("Solomon Is.", "Solomon Islands");
    assert_same_key("Korea, Rep.", "korea republic of");
    assert_same_key("St. Kitts", "Saint Kitts");
    assert_same_key("Straße", "STRASSE");
    assert_same_key("Ελλάς", "ΕΛΛΑΣ");
    assert_same_key("Føroyar", "Foroyar");
    char *k = cm__country_key("Is Land");
    assert_string_equal(k, "island"); /* no dot: "Is" is not expanded */
    g_free(k);
    assert_null(cm__country_key(""));
    assert_null(cm__country_key("... - ..."));
    assert_null(cm__country_key("the of and"));
    assert_null(cm__country_key(NULL));

    assert_int_equal(cm__country_distance("germnay", "germany", 3), 1);
    assert_int_equal(cm__country_distance("kitten", "sitting", 5), 3);
    assert_int_equal(cm__country_distance("kitten", "sitting", 2), 3); /* capped at limit + 1 */
    assert_int_equal(cm__country_distance("abc", "abc", 0), 0);
    assert_int_equal(cm__country_distance("", "abc", 5), 3);
    assert_int_equal(cm__country_distance("대한", "대안", 3), 1);
    assert_int_equal(cm__country_distance("a", "abcdefgh", 2), 3);
}

int
main(void)
{
    const struct CMUnitTest shared[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_former_countries),
        cmocka_unit_test(test_english_names),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_natural_earth_names),
        cmocka_unit_test(test_translated_names),
        cmocka_unit_test(test_case_accents_punctuation),
        cmocka_unit_test(test_kosovo),
        cmocka_unit_test(test_private_entries),
        cmocka_unit_test(test_unmatched_and_suggestions),
        cmocka_unit_test(test_sovereign_defaults),
        cmocka_unit_test(test_display_names),
        cmocka_unit_test(test_enumeration),
        cmocka_unit_test(test_shared_across_threads),
        cmocka_unit_test(test_world_atlas_features),
    };
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_sovereign_rules),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_mo_reader),
        cmocka_unit_test(test_translations_on_first_need),
        cmocka_unit_test(test_translations_first_need_in_threads),
        cmocka_unit_test(test_iso_reader_fallback_same_table),
        cmocka_unit_test(test_keys_and_distance),
    };
    int failed =
        cmocka_run_group_tests_name("country (shared table)", shared, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("country (own tables)", own, NULL, NULL);
    return failed;
}
