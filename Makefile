# Install yuqing as a systemd service (see README "Running under systemd").
#   sudo make install      binary, unit, man page, shell completions, /etc/yuqing/feeds.yml
#   sudo make uninstall    removes what install put in place, except configuration and data
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man/man1
UNITDIR    ?= /etc/systemd/system
CONFDIR    ?= /etc/yuqing
BASHDIR    ?= $(PREFIX)/share/bash-completion/completions
ZSHDIR     ?= $(PREFIX)/share/zsh/site-functions
FISHDIR    ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR    ?=
SYSTEMCTL  ?= systemctl
RELEASE    := .build/release/yuqing

.PHONY: all build man completions install uninstall

all: build

build:
	swift build -c release --product yuqing

# Man pages from the argument parser's own description of every command.
man: build
	swift package plugin --allow-writing-to-package-directory generate-manual --multi-page --authors "yuqing developers" >/dev/null 2>&1
	rm -rf .build/man && mkdir -p .build/man
	find .build/plugins/GenerateManual/outputs -name "*.1" -exec cp {} .build/man/ \;

completions: build
	mkdir -p .build/completions
	$(RELEASE) --generate-completion-script bash > .build/completions/yuqing.bash
	$(RELEASE) --generate-completion-script zsh > .build/completions/_yuqing
	$(RELEASE) --generate-completion-script fish > .build/completions/yuqing.fish

install: build man completions
	install -D -m 0755 $(RELEASE) $(DESTDIR)$(BINDIR)/yuqing
	install -d $(DESTDIR)$(MANDIR)
	find .build/man -name '*.1' -exec install -m 0644 {} $(DESTDIR)$(MANDIR)/ \;
	install -D -m 0644 .build/completions/yuqing.bash $(DESTDIR)$(BASHDIR)/yuqing
	install -D -m 0644 .build/completions/_yuqing $(DESTDIR)$(ZSHDIR)/_yuqing
	install -D -m 0644 .build/completions/yuqing.fish $(DESTDIR)$(FISHDIR)/yuqing.fish
	sed 's|/usr/local/bin/yuqing|$(BINDIR)/yuqing|g' systemd/yuqing.service > .build/yuqing.service
	install -D -m 0644 .build/yuqing.service $(DESTDIR)$(UNITDIR)/yuqing.service
	# The configuration is never overwritten: an edited one stays as it is.
	install -d -m 0755 $(DESTDIR)$(CONFDIR)
	[ -e $(DESTDIR)$(CONFDIR)/feeds.yml ] || install -m 0644 feeds.yml $(DESTDIR)$(CONFDIR)/feeds.yml
	[ -n "$(DESTDIR)" ] || $(SYSTEMCTL) daemon-reload || true
	@echo "installed; next: sudo systemctl enable --now yuqing"

uninstall:
	-[ -n "$(DESTDIR)" ] || $(SYSTEMCTL) disable --now yuqing 2>/dev/null
	rm -f $(DESTDIR)$(BINDIR)/yuqing $(DESTDIR)$(UNITDIR)/yuqing.service
	rm -f $(DESTDIR)$(MANDIR)/yuqing*.1
	rm -f $(DESTDIR)$(BASHDIR)/yuqing $(DESTDIR)$(ZSHDIR)/_yuqing $(DESTDIR)$(FISHDIR)/yuqing.fish
	-[ -n "$(DESTDIR)" ] || $(SYSTEMCTL) daemon-reload
	@echo "kept $(CONFDIR) and /var/lib/yuqing (remove them by hand if you want them gone)"
