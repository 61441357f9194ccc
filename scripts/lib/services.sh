# Shared by scripts/dev-up and scripts/run-tests: MariaDB and Redis from Debian's packages.
# Sourced, not run. Needs root (or sudo) only when something must be installed.

GOV_HALL_DB_ROOT_PASSWORD="${GOV_HALL_DB_ROOT_PASSWORD:-root}"

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_os_packages() {
	local missing=()
	command -v mysqld >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
	command -v crontab >/dev/null 2>&1 || missing+=(cron)
	command -v rsync >/dev/null 2>&1 || missing+=(rsync)
	command -v git >/dev/null 2>&1 || missing+=(git)
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	# the bench user's python3 is the system's: its venv and headers come from Debian's packages
	dpkg -s python3-venv >/dev/null 2>&1 || missing+=(python3-venv python3-pip)
	dpkg -s python3-dev >/dev/null 2>&1 || missing+=(python3-dev)
	command -v gcc >/dev/null 2>&1 || missing+=(build-essential)
	[ -f /usr/include/mariadb/mysql.h ] || missing+=(libmariadb-dev pkg-config)
	# PDFs (supplement notices, briefings) are printed by wkhtmltopdf and need CJK fonts
	command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
	[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
	command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils) # tests read the PDFs' text layer
	if [ ${#missing[@]} -gt 0 ]; then
		echo "gov_hall: installing ${missing[*]} from Debian's packages"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" libmariadb-dev pkg-config >/dev/null
	fi
}

configure_mariadb() {
	local conf=/etc/mysql/mariadb.conf.d/99-frappe.cnf
	if [ ! -f "$conf" ]; then
		as_root tee "$conf" >/dev/null <<'CNF'
[mysqld]
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci

[mysql]
default-character-set = utf8mb4
CNF
	fi
}

start_mariadb() {
	configure_mariadb
	if ! mysqladmin ping --silent >/dev/null 2>&1 && ! as_root mysqladmin ping --silent >/dev/null 2>&1; then
		as_root service mariadb start >/dev/null 2>&1 || (as_root mysqld_safe >/dev/null 2>&1 &)
		for _ in $(seq 1 30); do
			as_root mysqladmin ping --silent >/dev/null 2>&1 && break
			sleep 1
		done
	fi
	# Frappe connects as root with a password; keep unix-socket login for the OS root too.
	# over TCP: through the socket the OS root logs in whatever the password
	if ! mysql -h 127.0.0.1 -uroot -p"$GOV_HALL_DB_ROOT_PASSWORD" -e "SELECT 1" >/dev/null 2>&1; then
		as_root mysql -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$GOV_HALL_DB_ROOT_PASSWORD') OR unix_socket; FLUSH PRIVILEGES;"
	fi
}

# Start the bench's own Redis instances (cache and queue) from its config folder.
start_bench_redis() {
	local bench="$1" user="$2" conf port
	for conf in "$bench"/config/redis_cache.conf "$bench"/config/redis_queue.conf; do
		[ -f "$conf" ] || continue
		port=$(awk '/^port/ {print $2}' "$conf")
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			as_root runuser -u "$user" -- sh -c "cd '$bench/config' && redis-server '$conf' --daemonize yes" >/dev/null
		fi
	done
}

# Stop them again: `bench start` runs Redis itself from its Procfile, on the same ports.
stop_bench_redis() {
	local bench="$1" conf port
	for conf in "$bench"/config/redis_cache.conf "$bench"/config/redis_queue.conf; do
		[ -f "$conf" ] || continue
		port=$(awk '/^port/ {print $2}' "$conf")
		redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
	done
}

# Chromium from Debian's packages for the browser tests (scripts/run-tests, tier 3). Playwright
# drives /usr/bin/chromium; `playwright install` is never run (it downloads a browser build).
ensure_chromium() {
	[ -x /usr/bin/chromium ] && return 0
	echo "gov_hall: installing chromium from Debian's packages"
	local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
	as_root "${apt[@]}" install -y -qq chromium >/dev/null 2>&1 \
		|| { as_root apt-get -o DPkg::Lock::Timeout=300 update -qq && as_root "${apt[@]}" install -y -qq chromium >/dev/null; }
	[ -x /usr/bin/chromium ]
}
