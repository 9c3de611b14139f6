/*
 * What libxml2 alone costs on a feed corpus (issue 20's parse target): every document
 * parsed from memory (a) into a tree and freed, as yuqing's parser and `xmllint --noout`
 * do, and (b) through SAX2 with only element-start and text callbacks, the floor of a
 * parser that would build the feed model from events with no tree. Both with yuqing's
 * options (recover, no network, CDATA as text, compact). Five rounds each.
 *
 *   cc -O2 Benchmarks/libxml2_floor.c -o /tmp/libxml2_floor $(xml2-config --cflags --libs)
 *   /tmp/libxml2_floor DIR_OF_XML_FILES
 */
#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long seen;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void onText(void *context, const xmlChar *text, int length) { seen += length; }

static void onStart(void *context, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int namespaces,
                    const xmlChar **namespaceList, int attributes, int defaulted, const xmlChar **attributeList) {
    seen += 1;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s DIR\n", argv[0]); return 2; }
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 1; }
    char *documents[4096];
    long lengths[4096];
    int count = 0;
    for (struct dirent *entry; (entry = readdir(dir)) && count < 4096;) {
        if (!strstr(entry->d_name, ".xml")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], entry->d_name);
        FILE *file = fopen(path, "rb");
        if (!file) continue;
        fseek(file, 0, SEEK_END);
        lengths[count] = ftell(file);
        fseek(file, 0, SEEK_SET);
        documents[count] = malloc(lengths[count]);
        if (fread(documents[count], 1, lengths[count], file) == (size_t)lengths[count]) count++;
        fclose(file);
    }
    closedir(dir);
    int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
    for (int round = 0; round < 5; round++) {
        double start = seconds();
        for (int i = 0; i < count; i++) xmlFreeDoc(xmlReadMemory(documents[i], lengths[i], NULL, NULL, options));
        double tree = seconds() - start;
        start = seconds();
        for (int i = 0; i < count; i++) {
            xmlParserCtxtPtr context = xmlCreateMemoryParserCtxt(documents[i], lengths[i]);
            if (!context) continue;
            xmlSAXHandler handler;
            memset(&handler, 0, sizeof handler);
            handler.initialized = XML_SAX2_MAGIC;
            handler.characters = onText;
            handler.cdataBlock = onText;
            handler.startElementNs = onStart;
            memcpy(context->sax, &handler, sizeof handler);
            xmlCtxtUseOptions(context, options);
            xmlParseDocument(context);
            xmlFreeParserCtxt(context);
        }
        double events = seconds() - start;
        printf("%d documents: tree and free %.4f s, SAX2 events only %.4f s\n", count, tree, events);
    }
    return seen < 0;
}
