#ifndef YUQING_CCURL_SHIM_H
#define YUQING_CCURL_SHIM_H

#include <curl/curl.h>

/*
 * curl_easy_setopt, curl_multi_setopt and curl_easy_getinfo are variadic, which Swift
 * cannot call. These typed wrappers are the only way Transport reaches them.
 */

static inline CURLcode yq_easy_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode yq_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode yq_easy_setopt_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode yq_easy_setopt_pointer(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode yq_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}

typedef size_t (*yq_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode yq_easy_setopt_data_callback(CURL *h, CURLoption o, yq_data_callback cb) {
    return curl_easy_setopt(h, o, cb);
}

typedef int (*yq_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode yq_easy_setopt_xferinfo(CURL *h, yq_xferinfo_callback cb) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}

typedef curl_socket_t (*yq_opensocket_callback)(void *clientp, curlsocktype purpose,
                                                 struct curl_sockaddr *address);
static inline CURLcode yq_easy_setopt_opensocket(CURL *h, yq_opensocket_callback cb) {
    return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, cb);
}

typedef int (*yq_prereq_callback)(void *clientp, char *conn_primary_ip, char *conn_local_ip,
                                  int conn_primary_port, int conn_local_port);
static inline CURLcode yq_easy_setopt_prereq(CURL *h, yq_prereq_callback cb) {
    return curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, cb);
}

static inline CURLcode yq_easy_getinfo_long(CURL *h, CURLINFO i, long *out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode yq_easy_getinfo_string(CURL *h, CURLINFO i, char **out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode yq_easy_getinfo_double(CURL *h, CURLINFO i, double *out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode yq_easy_getinfo_pointer(CURL *h, CURLINFO i, void **out) {
    return curl_easy_getinfo(h, i, out);
}

static inline CURLMcode yq_multi_setopt_long(CURLM *m, CURLMoption o, long v) {
    return curl_multi_setopt(m, o, v);
}

/* glibc's allocator set for a process that parses one document after another (see
 * Transport's AllocatorTuning). Here because this is Transport's C shim. */
#include <malloc.h>
static inline void yq_tune_allocator(void) {
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
}

#endif
