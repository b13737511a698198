#!/bin/sh
# Writes what depends on the deployment into Janus' configuration, then runs Janus in the foreground.
#   JANUS_API_SECRET  the api_secret Palabre sends (same value as Palabre's JANUS_API_SECRET); required
#   JANUS_PUBLIC_IP   the address browsers reach the media ports at (the host's public IP)
#   JANUS_RTP_PORTS   the UDP range published by compose (default 20000-20199)
set -eu
: "${JANUS_API_SECRET:?set JANUS_API_SECRET (the same value as Palabre's)}"
: "${JANUS_PUBLIC_IP:?set JANUS_PUBLIC_IP (the address browsers reach the media ports at)}"
RTP_PORTS="${JANUS_RTP_PORTS:-20000-20199}"
sed -i \
  -e "s|@API_SECRET@|${JANUS_API_SECRET}|" \
  -e "s|@PUBLIC_IP@|${JANUS_PUBLIC_IP}|" \
  -e "s|@RTP_PORTS@|${RTP_PORTS}|" \
  /etc/janus/janus.jcfg
exec janus --config=/etc/janus/janus.jcfg --configs-folder=/etc/janus --disable-colors
