/*
 * sslkit's native OpenSSL reference: the same loops as the Java benchmarks, over an in-memory BIO pair,
 * against the system libssl. Prints one JSON object on stdout.
 *
 *   sslbench <pem-dir> <milliseconds-per-measurement>
 *
 * <pem-dir> holds TestPki.writePem's files (root.pem, server.pem, server.key). Each figure is measured
 * for the given time after a warm-up of the same length. One connection = SSL_new x2, a BIO pair, the
 * handshake (client verifies chain and host name), the server's first byte read by the client (which
 * takes any TLS 1.3 tickets), quiet close (SSL_set_shutdown) and SSL_free x2 — as in the Java loop.
 * Built by bench/src/main/c/build.sh (gcc, libssl-dev) into bench/target/native/.
 */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/opensslv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double ms_per;
static int first = 1;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) {
    fprintf(stderr, "sslbench: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static void emit(const char *name, double value, const char *unit) {
    printf("%s\n    {\"name\": \"%s\", \"value\": %.3f, \"unit\": \"%s\"}", first ? "" : ",", name, value, unit);
    first = 0;
    fflush(stdout);
}

typedef int (*op_fn)(void *arg);

/* Runs op for ms_per (after a warm-up as long); returns operations per second. */
static double measure(op_fn op, void *arg) {
    for (int phase = 0; phase < 2; phase++) {
        double t0 = now(), end = t0 + ms_per / 1000.0, t;
        long n = 0;
        do {
            for (int i = 0; i < 16; i++) {
                if (op(arg) != 1) die("operation");
            }
            n += 16;
        } while ((t = now()) < end);
        if (phase == 1) return n / (t - t0);
    }
    return 0;
}

static SSL_CTX *sctx, *cctx;

static void make_ctx(const char *dir, int version, const char *suite) {
    char path[4096];
    sctx = SSL_CTX_new(TLS_server_method());
    cctx = SSL_CTX_new(TLS_client_method());
    if (!sctx || !cctx) die("SSL_CTX_new");
    snprintf(path, sizeof path, "%s/server.pem", dir);
    if (SSL_CTX_use_certificate_chain_file(sctx, path) != 1) die("server.pem");
    snprintf(path, sizeof path, "%s/server.key", dir);
    if (SSL_CTX_use_PrivateKey_file(sctx, path, SSL_FILETYPE_PEM) != 1) die("server.key");
    snprintf(path, sizeof path, "%s/root.pem", dir);
    if (SSL_CTX_load_verify_locations(cctx, path, NULL) != 1) die("root.pem");
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX *both[2] = {sctx, cctx};
    for (int i = 0; i < 2; i++) {
        SSL_CTX_set_min_proto_version(both[i], version);
        SSL_CTX_set_max_proto_version(both[i], version);
        if (version == TLS1_2_VERSION) {
            if (SSL_CTX_set_cipher_list(both[i], suite) != 1) die("cipher list");
        } else if (SSL_CTX_set_ciphersuites(both[i], suite) != 1) {
            die("ciphersuites");
        }
    }
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_OFF);
}

static void free_ctx(void) {
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

typedef struct { SSL *c, *s; } pair_t;

static pair_t open_pair(SSL_SESSION *resume) {
    pair_t p;
    BIO *cb, *sb;
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    if (!p.c || !p.s) die("SSL_new");
    SSL_set_tlsext_host_name(p.c, "localhost");
    SSL_set1_host(p.c, "localhost");
    if (resume) SSL_set_session(p.c, resume);
    if (BIO_new_bio_pair(&cb, 0, &sb, 0) != 1) die("BIO_new_bio_pair");
    SSL_set_bio(p.c, cb, cb);
    SSL_set_bio(p.s, sb, sb);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    return p;
}

static void handshake(pair_t *p) {
    int rc = 0, rs = 0, idle = 0;
    while (rc != 1 || rs != 1) {
        int pc = rc, ps = rs;
        if (rc != 1) rc = SSL_do_handshake(p->c);
        if (rs != 1) rs = SSL_do_handshake(p->s);
        if (rc == pc && rs == ps && ++idle > 64) die("handshake");
        if (rc < 0 && SSL_get_error(p->c, rc) != SSL_ERROR_WANT_READ && SSL_get_error(p->c, rc) != SSL_ERROR_WANT_WRITE) die("client handshake");
        if (rs < 0 && SSL_get_error(p->s, rs) != SSL_ERROR_WANT_READ && SSL_get_error(p->s, rs) != SSL_ERROR_WANT_WRITE) die("server handshake");
    }
}

/* Writes n bytes on `from`, reads them on `to`, interleaved. */
static void transfer(SSL *from, SSL *to, const unsigned char *src, unsigned char *dst, int n) {
    int off = 0, got = 0, idle = 0;
    while (got < n) {
        int w = 0;
        if (off < n) {
            w = SSL_write(from, src + off, n - off);
            if (w > 0) off += w;
        }
        int r = SSL_read(to, dst, 32768);
        if (r > 0) got += r;
        else if (w <= 0 && ++idle > 64) die("transfer");
    }
}

static SSL_SESSION *saved;
static int resumed_ok;

static void close_pair(pair_t *p) {
    SSL_set_shutdown(p->c, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_set_shutdown(p->s, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(p->c);
    SSL_free(p->s);
}

static int connection(void *arg) {
    int resume = arg != NULL;
    unsigned char one = 1, sink[32768];
    pair_t p = open_pair(resume ? saved : NULL);
    handshake(&p);
    transfer(p.s, p.c, &one, sink, 1);
    if (resume) {
        if (!SSL_session_reused(p.c)) resumed_ok = 0;
        SSL_SESSION *n = SSL_get1_session(p.c);
        if (n && SSL_SESSION_is_resumable(n)) {
            SSL_SESSION_free(saved);
            saved = n;
        } else if (n) {
            SSL_SESSION_free(n);
        }
    }
    close_pair(&p);
    return 1;
}

static void handshakes(const char *dir, int version, const char *label, const char *suite) {
    char name[128];
    make_ctx(dir, version, suite);
    snprintf(name, sizeof name, "handshake.full.%s", label);
    emit(name, measure(connection, NULL), "ops/s");
    /* prime */
    {
        unsigned char one = 1, sink[32768];
        pair_t p = open_pair(NULL);
        handshake(&p);
        transfer(p.s, p.c, &one, sink, 1);
        transfer(p.c, p.s, &one, sink, 1);
        saved = SSL_get1_session(p.c);
        close_pair(&p);
    }
    resumed_ok = 1;
    double r = measure(connection, (void *) 1);
    snprintf(name, sizeof name, "handshake.resumed.%s", label);
    if (resumed_ok) emit(name, r, "ops/s");
    else fprintf(stderr, "sslbench: %s did not resume\n", name);
    SSL_SESSION_free(saved);
    saved = NULL;
    free_ctx();
}

static pair_t bulk_pair;
static unsigned char bulk_src[16384], bulk_dst[32768];

static int bulk_op(void *arg) {
    (void) arg;
    transfer(bulk_pair.c, bulk_pair.s, bulk_src, bulk_dst, sizeof bulk_src);
    return 1;
}

static void bulk(const char *dir, const char *suite) {
    char name[128];
    make_ctx(dir, TLS1_3_VERSION, suite);
    bulk_pair = open_pair(NULL);
    handshake(&bulk_pair);
    if (strcmp(SSL_get_cipher_name(bulk_pair.c), suite) != 0) die("suite pinning");
    snprintf(name, sizeof name, "bulk.%s", suite);
    emit(name, measure(bulk_op, NULL) * sizeof bulk_src / 1e6, "MB/s");
    close_pair(&bulk_pair);
    free_ctx();
}

static SSL *base;

static int op_new_free(void *a) { (void) a; SSL *s = SSL_new(sctx); if (!s) return 0; SSL_free(s); return 1; }
static int op_dup_free(void *a) { (void) a; SSL *s = SSL_dup(base); if (!s) return 0; SSL_free(s); return 1; }
static int op_upref_free(void *a) { (void) a; if (SSL_up_ref(base) != 1) return 0; SSL_free(base); return 1; }
static int op_clear(void *a) { (void) a; return SSL_clear(base); }
static int op_ctx(void *a) { (void) a; SSL_CTX *c = SSL_CTX_new(TLS_server_method()); if (!c) return 0; SSL_CTX_free(c); return 1; }

#define NSESS 64
static SSL_SESSION *cached[NSESS], *spare[NSESS];
static unsigned ci;

static int op_lookup(void *a) { (void) a; SSL_CTX_add_session(sctx, cached[ci++ & (NSESS - 1)]); return 1; }
static int op_insert(void *a) {
    (void) a;
    SSL_SESSION *s = spare[ci++ & (NSESS - 1)];
    if (SSL_CTX_add_session(sctx, s) != 1) return 0;
    SSL_CTX_remove_session(sctx, s);
    return 1;
}

static void lifecycle(const char *dir) {
    make_ctx(dir, TLS1_3_VERSION, "TLS_AES_128_GCM_SHA256");
    base = SSL_new(sctx);
    emit("lifecycle.newSslFree", 1e9 / measure(op_new_free, NULL), "ns/op");
    emit("lifecycle.dupFree", 1e9 / measure(op_dup_free, NULL), "ns/op");
    emit("lifecycle.upRefFree", 1e9 / measure(op_upref_free, NULL), "ns/op");
    emit("lifecycle.clear", 1e9 / measure(op_clear, NULL), "ns/op");
    emit("lifecycle.newContextFree", 1e9 / measure(op_ctx, NULL), "ns/op");
    SSL_free(base);
    free_ctx();
}

static void cache(const char *dir) {
    make_ctx(dir, TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256");
    for (int i = 0; i < 2 * NSESS; i++) {
        pair_t p = open_pair(NULL);
        handshake(&p);
        SSL_SESSION *s = SSL_get1_session(p.s);
        if (i < NSESS) cached[i] = s; else spare[i - NSESS] = s;
        close_pair(&p);
    }
    for (int i = 0; i < NSESS; i++) SSL_CTX_remove_session(sctx, spare[i]);
    emit("cache.lookup", 1e9 / measure(op_lookup, NULL), "ns/op");
    emit("cache.insert", 1e9 / measure(op_insert, NULL), "ns/op");
    for (int i = 0; i < NSESS; i++) { SSL_SESSION_free(cached[i]); SSL_SESSION_free(spare[i]); }
    free_ctx();
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: sslbench <pem-dir> <milliseconds-per-measurement>\n");
        return 2;
    }
    ms_per = atof(argv[2]);
    printf("{\n  \"openssl\": \"%s\",\n  \"results\": [", OpenSSL_version(OPENSSL_VERSION));
    handshakes(argv[1], TLS1_3_VERSION, "TLSv1.3", "TLS_AES_128_GCM_SHA256");
    handshakes(argv[1], TLS1_2_VERSION, "TLSv1.2", "ECDHE-ECDSA-AES128-GCM-SHA256");
    bulk(argv[1], "TLS_AES_128_GCM_SHA256");
    bulk(argv[1], "TLS_CHACHA20_POLY1305_SHA256");
    lifecycle(argv[1]);
    cache(argv[1]);
    printf("\n  ]\n}\n");
    return 0;
}
