/* test_xml.c — text made safe for XML 1.0 and for terminals: what the Char production
 * forbids becomes U+FFFD (never a reference such as &#x1;), markup is escaped, and
 * control characters in messages are shown as \xNN. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "util/cm_diag.h"
#include "util/cm_xml.h"

static void
test_xml_chars(void **state)
{
    (void)state;
    assert_true(cm_xml_char_ok('\t') && cm_xml_char_ok('\n') && cm_xml_char_ok('\r'));
    assert_true(cm_xml_char_ok(' ') && cm_xml_char_ok(0xD7FF) && cm_xml_char_ok(0xE000));
    assert_true(cm_xml_char_ok(0xFFFD) && cm_xml_char_ok(0x10000) && cm_xml_char_ok(0x10FFFF));
    const gunichar bad[] = {0x0, 0x1, 0x8, 0xB, 0xC, 0x1B, 0x1F, 0xD800, 0xFFFE, 0xFFFF};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
        assert_false(cm_xml_char_ok(bad[i]));
}

static void
test_xml_escape(void **state)
{
    (void)state;
    int n = 0;
    char *e = cm_xml_escape("a<b>&\"c'", -1, &n);
    assert_string_equal(e, "a&lt;b&gt;&amp;&quot;c&apos;");
    assert_int_equal(n, 0);
    g_free(e);
    /* what the data held: SOH, ESC (an OSC sequence), U+FFFE, a byte that is not UTF-8 */
    e = cm_xml_escape("x\x01y\x1b]0;t\x07z\xef\xbf\xbe\xff!\tok\n", -1, &n);
    assert_string_equal(e, "x\xef\xbf\xbdy\xef\xbf\xbd]0;t\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd!"
                           "\tok\n");
    assert_int_equal(n, 5);
    assert_null(strstr(e, "&#x"));
    g_free(e);
    e = cm_xml_escape("ab\x01"
                      "cd",
                      3, NULL); /* LEN bytes only */
    assert_string_equal(e, "ab\xef\xbf\xbd");
    g_free(e);
    e = cm_xml_escape("日本 – ü", -1, &n); /* everything else is kept as it is */
    assert_string_equal(e, "日本 – ü");
    g_free(e);
    e = cm_xml_escape(NULL, -1, NULL);
    assert_string_equal(e, "");
    g_free(e);
}

static void
test_escape_controls(void **state)
{
    (void)state;
    char *e = cm_text_escape_controls("Fr\x1b]0;pwned\x07"
                                      "ance\x9b\x7f\r \xc2\x9b\xff line\nnext");
    assert_string_equal(e, "Fr\\x1b]0;pwned\\x07ance\\x9b\\x7f\\x0d \\x9b\\xff line\nnext");
    g_free(e);
    assert_true(cm_text_has_controls("a\x1b"));
    assert_false(cm_text_has_controls("Côte d’Ivoire\n"));
}

/* Messages quote data: the diagnostics keep escape sequences from the terminal. */
static void
test_diag_escapes(void **state)
{
    (void)state;
    cm_diag_t *d = cm_diag_new();
    cm_diag_add(d, CM_DIAG_ERROR, "da\x1bta.csv", 3, 2, "unknown country \"%s\"", "X\x1b[2J");
    char *line = cm_diag_item_format(cm_diag_get(d, 0));
    assert_string_equal(line, "da\\x1bta.csv:3:2: error: unknown country \"X\\x1b[2J\"");
    assert_null(strchr(line, '\x1b'));
    g_free(line);
    cm_diag_free(d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_chars),
        cmocka_unit_test(test_xml_escape),
        cmocka_unit_test(test_escape_controls),
        cmocka_unit_test(test_diag_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
