/* test_lang.c — the one language module: tags read by their primary subtag, the
 * supported set, the --lang-else-style rule, and the readers (dates, alt text,
 * country names) reading a tag the same way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "chronomap.h"

static void
test_parse_reads_the_primary_subtag(void **state)
{
    (void)state;
    cm_lang_t l = CM_LANG_EN;
    assert_true(cm_lang_parse("de", &l));
    assert_int_equal(l, CM_LANG_DE);
    assert_true(cm_lang_parse("fr-CA", &l));
    assert_int_equal(l, CM_LANG_FR);
    assert_true(cm_lang_parse("ko_KR.UTF-8", &l));
    assert_int_equal(l, CM_LANG_KO);
    assert_true(cm_lang_parse("JA", &l));
    assert_int_equal(l, CM_LANG_JA);
    assert_true(cm_lang_parse("en@x", NULL));
    assert_false(cm_lang_parse("deu", NULL));
    assert_false(cm_lang_parse("d", NULL));
    assert_false(cm_lang_parse("pt-BR", NULL));
    assert_false(cm_lang_parse("", NULL));
    assert_false(cm_lang_parse(NULL, NULL));
    assert_int_equal(cm_lang_of("pt-BR"), CM_LANG_EN);
    assert_int_equal(cm_lang_of(NULL), CM_LANG_EN);
    assert_int_equal(cm_lang_of("de_AT"), CM_LANG_DE);
    assert_int_equal(cm_lang_primary_len("pt-BR"), 2);
    assert_int_equal(cm_lang_primary_len("zh_Hant"), 2);
    assert_int_equal(cm_lang_primary_len(NULL), 0);
}

static void
test_codes_and_the_supported_set(void **state)
{
    (void)state;
    char **codes = g_strsplit(CM_LANGS, ", ", -1);
    assert_int_equal(g_strv_length(codes), CM_LANG_COUNT);
    for (int i = 0; i < CM_LANG_COUNT; i++) {
        assert_string_equal(cm_lang_code((cm_lang_t)i), codes[i]); /* same order */
        assert_true(cm_lang_known(codes[i]));
        assert_int_equal(cm_lang_of(codes[i]), i);
    }
    g_strfreev(codes);
    assert_string_equal(cm_lang_code((cm_lang_t)99), "en");
    /* options and style keys must name one exactly */
    assert_false(cm_lang_known("DE"));
    assert_false(cm_lang_known("de-AT"));
    assert_false(cm_lang_known(""));
    assert_false(cm_lang_known(NULL));
    assert_true(cm_lang_is_english(NULL));
    assert_true(cm_lang_is_english(""));
    assert_true(cm_lang_is_english("en-GB"));
    assert_true(cm_lang_is_english("EN"));
    assert_false(cm_lang_is_english("eng"));
    assert_false(cm_lang_is_english("ko"));
}

static void
test_resolve_option_else_style(void **state)
{
    (void)state;
    const char *option = "ko", *style = "de";
    assert_ptr_equal(cm_lang_resolve(option, style), option);
    assert_ptr_equal(cm_lang_resolve(NULL, style), style);
    assert_ptr_equal(cm_lang_resolve("", style), style);
    assert_null(cm_lang_resolve(NULL, NULL));
}

/* Dates, alt text and country names read one tag the same way (the alt text used
 * to take "DE" as English and "deutsch" as German). */
static void
test_readers_agree(void **state)
{
    (void)state;
    cm_date_t d;
    assert_true(cm_date_parse("2009-03", &d, NULL));
    static const struct {
        const char *tag, *date, *alt;
    } cases[] = {
        {"de", "März 2009", "März 2009"},          {"DE", "März 2009", "März 2009"},
        {"de_AT.UTF-8", "März 2009", "März 2009"}, {"deutsch", "Mar 2009", "March 2009"},
        {"fr-CA", "mars 2009", "mars 2009"},       {"ja", "2009年3月", "2009年3月"},
        {"pt-BR", "Mar 2009", "March 2009"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *a = cm_date_format(&d, cases[i].tag), *b = cm_alt_date(&d, cases[i].tag);
        if (strcmp(a, cases[i].date) != 0 || strcmp(b, cases[i].alt) != 0)
            fail_msg("%s: date \"%s\", alt \"%s\"", cases[i].tag, a, b);
        g_free(a);
        g_free(b);
    }

    GError *err = NULL;
    const char *const langs[] = {"de", NULL};
    cm_countries_opts_t o = {.languages = langs};
    cm_countries_t *cs = cm_countries_load_full(&o, &err);
    if (!cs)
        fail_msg("%s", err->message);
    const cm_country_t *de = cm_countries_find(cs, "DE");
    assert_non_null(de);
    assert_string_equal(cm_country_name(de, "de"), "Deutschland");
    assert_string_equal(cm_country_name(de, "de-AT"), "Deutschland");
    assert_string_equal(cm_country_name(de, "en.UTF-8"), cm_country_name(de, NULL));
    assert_true(cm_countries_has_language(cs, "en.UTF-8"));
    cm_countries_free(cs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_reads_the_primary_subtag),
        cmocka_unit_test(test_codes_and_the_supported_set),
        cmocka_unit_test(test_resolve_option_else_style),
        cmocka_unit_test(test_readers_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
