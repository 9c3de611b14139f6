#ifndef YUQING_CLIBXML2_SHIM_H
#define YUQING_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU, whose headers clash with the ICU copy inside Swift's
 * Foundation when both are imported. yuqing never touches ICU converters (charsets are
 * decoded before libxml2 sees the text), so keep <unicode/ucnv.h> out: xmlversion.h has
 * an include guard, so the #undef holds for every header below. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* Options yuqing always parses XML with: recover what can be recovered, never touch the
 * network, never substitute or load external entities, merge CDATA into text. */
static inline int yq_xml_safe_options(void) {
    return XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
           XML_PARSE_IGNORE_ENC;
}

/* xmlFree may be a macro or a variable depending on the build; call it through C. */
static inline void yq_xml_free(void *p) {
    xmlFree(p);
}

static inline int yq_html_safe_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
           HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT;
}

#endif
