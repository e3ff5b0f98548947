/**
 * The constants strace names in the socket addresses it decodes (its src/sockaddr.c), from its
 * xlat/*.in files of strace 6.1, which follow the kernel's headers: include/uapi/linux/if_ether.h
 * (ETH_P_*), include/uapi/linux/if_arp.h (ARPHRD_*), include/uapi/linux/if_packet.h
 * (PACKET_*), the Bluetooth headers of BlueZ (HCI_CHANNEL_*, L2CAP_PSM_*, L2CAP_CID_*, BDADDR_*),
 * include/net/af_ieee802154.h, include/linux/crypto.h (CRYPTO_ALG_*), include/uapi/linux/nfc.h,
 * include/uapi/linux/vm_sockets.h, include/uapi/linux/qrtr.h, include/uapi/linux/if_xdp.h and
 * include/uapi/linux/mctp.h.
 *
 * @module
 */
import { type Xlat, xlat } from "./xlat.ts";

/** Ethernet protocol ids, AF_PACKET's sll_protocol (strace's xlat/ethernet_protocols.in). */
export const ETHERNET_PROTOCOLS: Xlat = xlat({
  ETH_P_802_3: 0x0001,
  ETH_P_AX25: 0x0002,
  ETH_P_ALL: 0x0003,
  ETH_P_802_2: 0x0004,
  ETH_P_SNAP: 0x0005,
  ETH_P_DDCMP: 0x0006,
  ETH_P_WAN_PPP: 0x0007,
  ETH_P_PPP_MP: 0x0008,
  ETH_P_LOCALTALK: 0x0009,
  ETH_P_CAN: 0x000c,
  ETH_P_CANFD: 0x000d,
  ETH_P_CANXL: 0x000e,
  ETH_P_PPPTALK: 0x0010,
  ETH_P_TR_802_2: 0x0011,
  ETH_P_MOBITEX: 0x0015,
  ETH_P_CONTROL: 0x0016,
  ETH_P_IRDA: 0x0017,
  ETH_P_ECONET: 0x0018,
  ETH_P_HDLC: 0x0019,
  ETH_P_ARCNET: 0x001a,
  ETH_P_DSA: 0x001b,
  ETH_P_TRAILER: 0x001c,
  ETH_P_LOOP: 0x0060,
  ETH_P_PHONET: 0x00f5,
  ETH_P_IEEE802154: 0x00f6,
  ETH_P_CAIF: 0x00f7,
  ETH_P_XDSA: 0x00f8,
  ETH_P_MAP: 0x00f9,
  ETH_P_MCTP: 0x00fa,
  ETH_P_PUP: 0x0200,
  ETH_P_PUPAT: 0x0201,
  ETH_P_802_3_MIN: 0x0600,
  ETH_P_IP: 0x0800,
  ETH_P_X25: 0x0805,
  ETH_P_ARP: 0x0806,
  ETH_P_BPQ: 0x08ff,
  ETH_P_IEEEPUP: 0x0a00,
  ETH_P_IEEEPUPAT: 0x0a01,
  ETH_P_ERSPAN2: 0x22eb,
  ETH_P_TSN: 0x22f0,
  ETH_P_BATMAN: 0x4305,
  ETH_P_DEC: 0x6000,
  ETH_P_DNA_DL: 0x6001,
  ETH_P_DNA_RC: 0x6002,
  ETH_P_DNA_RT: 0x6003,
  ETH_P_LAT: 0x6004,
  ETH_P_DIAG: 0x6005,
  ETH_P_CUST: 0x6006,
  ETH_P_SCA: 0x6007,
  ETH_P_TEB: 0x6558,
  ETH_P_RARP: 0x8035,
  ETH_P_ATALK: 0x809b,
  ETH_P_AARP: 0x80f3,
  ETH_P_8021Q: 0x8100,
  ETH_P_IPX: 0x8137,
  ETH_P_IPV6: 0x86dd,
  ETH_P_PAUSE: 0x8808,
  ETH_P_SLOW: 0x8809,
  ETH_P_WCCP: 0x883e,
  ETH_P_MPLS_UC: 0x8847,
  ETH_P_MPLS_MC: 0x8848,
  ETH_P_ATMMPOA: 0x884c,
  ETH_P_PPP_DISC: 0x8863,
  ETH_P_PPP_SES: 0x8864,
  ETH_P_LINK_CTL: 0x886c,
  ETH_P_ATMFATE: 0x8884,
  ETH_P_PAE: 0x888e,
  ETH_P_REALTEK: 0x8899,
  ETH_P_AOE: 0x88a2,
  ETH_P_8021AD: 0x88a8,
  ETH_P_802_EX1: 0x88b5,
  ETH_P_ERSPAN: 0x88be,
  ETH_P_PREAUTH: 0x88c7,
  ETH_P_TIPC: 0x88ca,
  ETH_P_LLDP: 0x88cc,
  ETH_P_MRP: 0x88e3,
  ETH_P_MACSEC: 0x88e5,
  ETH_P_8021AH: 0x88e7,
  ETH_P_MVRP: 0x88f5,
  ETH_P_1588: 0x88f7,
  ETH_P_NCSI: 0x88f8,
  ETH_P_PRP: 0x88fb,
  ETH_P_CFM: 0x8902,
  ETH_P_FCOE: 0x8906,
  ETH_P_TDLS: 0x890d,
  ETH_P_FIP: 0x8914,
  ETH_P_IBOE: 0x8915,
  ETH_P_80221: 0x8917,
  ETH_P_HSR: 0x892f,
  ETH_P_NSH: 0x894f,
  ETH_P_LOOPBACK: 0x9000,
  ETH_P_QINQ1: 0x9100,
  ETH_P_QINQ2: 0x9200,
  ETH_P_QINQ3: 0x9300,
  ETH_P_EDSA: 0xdada,
  ETH_P_DSA_8021Q: 0xdadb,
  ETH_P_DSA_A5PSW: 0xe001,
  ETH_P_IFE: 0xed3e,
  ETH_P_AF_IUCV: 0xfbfb,
});

/** ARP hardware types, AF_PACKET's sll_hatype (strace's xlat/arp_hardware_types.in). */
export const ARP_HARDWARE_TYPES: Xlat = xlat({
  ARPHRD_NETROM: 0,
  ARPHRD_ETHER: 1,
  ARPHRD_EETHER: 2,
  ARPHRD_AX25: 3,
  ARPHRD_PRONET: 4,
  ARPHRD_CHAOS: 5,
  ARPHRD_IEEE802: 6,
  ARPHRD_ARCNET: 7,
  ARPHRD_APPLETLK: 8,
  ARPHRD_DLCI: 15,
  ARPHRD_ATM: 19,
  ARPHRD_METRICOM: 23,
  ARPHRD_IEEE1394: 24,
  ARPHRD_EUI64: 27,
  ARPHRD_INFINIBAND: 32,
  ARPHRD_SLIP: 256,
  ARPHRD_CSLIP: 257,
  ARPHRD_SLIP6: 258,
  ARPHRD_CSLIP6: 259,
  ARPHRD_RSRVD: 260,
  ARPHRD_ADAPT: 264,
  ARPHRD_ROSE: 270,
  ARPHRD_X25: 271,
  ARPHRD_HWX25: 272,
  ARPHRD_CAN: 280,
  ARPHRD_MCTP: 290,
  ARPHRD_PPP: 512,
  ARPHRD_CISCO: 513,
  ARPHRD_LAPB: 516,
  ARPHRD_DDCMP: 517,
  ARPHRD_RAWHDLC: 518,
  ARPHRD_RAWIP: 519,
  ARPHRD_TUNNEL: 768,
  ARPHRD_TUNNEL6: 769,
  ARPHRD_FRAD: 770,
  ARPHRD_SKIP: 771,
  ARPHRD_LOOPBACK: 772,
  ARPHRD_LOCALTLK: 773,
  ARPHRD_FDDI: 774,
  ARPHRD_BIF: 775,
  ARPHRD_SIT: 776,
  ARPHRD_IPDDP: 777,
  ARPHRD_IPGRE: 778,
  ARPHRD_PIMREG: 779,
  ARPHRD_HIPPI: 780,
  ARPHRD_ASH: 781,
  ARPHRD_ECONET: 782,
  ARPHRD_IRDA: 783,
  ARPHRD_FCPP: 784,
  ARPHRD_FCAL: 785,
  ARPHRD_FCPL: 786,
  ARPHRD_FCFABRIC: 787,
  ARPHRD_IEEE802_TR: 800,
  ARPHRD_IEEE80211: 801,
  ARPHRD_IEEE80211_PRISM: 802,
  ARPHRD_IEEE80211_RADIOTAP: 803,
  ARPHRD_IEEE802154: 804,
  ARPHRD_IEEE802154_MONITOR: 805,
  ARPHRD_PHONET: 820,
  ARPHRD_PHONET_PIPE: 821,
  ARPHRD_CAIF: 822,
  ARPHRD_IP6GRE: 823,
  ARPHRD_NETLINK: 824,
  ARPHRD_6LOWPAN: 825,
  ARPHRD_VSOCKMON: 826,
  ARPHRD_NONE: 0xfffe,
  ARPHRD_VOID: 0xffff,
});

/** AF_PACKET's sll_pkttype (strace's xlat/af_packet_types.in). */
export const PACKET_TYPES: Xlat = xlat({
  PACKET_HOST: 0,
  PACKET_BROADCAST: 1,
  PACKET_MULTICAST: 2,
  PACKET_OTHERHOST: 3,
  PACKET_OUTGOING: 4,
  PACKET_LOOPBACK: 5,
  PACKET_USER: 6,
  PACKET_KERNEL: 7,
});

/** Bluetooth HCI channels (strace's xlat/hci_channels.in). */
export const HCI_CHANNELS: Xlat = xlat({
  HCI_CHANNEL_RAW: 0,
  HCI_CHANNEL_USER: 1,
  HCI_CHANNEL_MONITOR: 2,
  HCI_CHANNEL_CONTROL: 3,
  HCI_CHANNEL_LOGGING: 4,
});

/** Bluetooth L2CAP protocol/service multiplexers (strace's xlat/bluetooth_l2_psm.in). */
export const BLUETOOTH_L2_PSMS: Xlat = xlat({
  L2CAP_PSM_SDP: 0x0001,
  L2CAP_PSM_RFCOMM: 0x0003,
  L2CAP_PSM_3DSP: 0x0021,
  L2CAP_PSM_IPSP: 0x0023,
  L2CAP_PSM_LE_DYN_START: 0x0080,
  L2CAP_PSM_LE_DYN_END: 0x00ff,
  L2CAP_PSM_DYN_START: 0x1001,
  L2CAP_PSM_AUTO_END: 0x10ff,
  L2CAP_PSM_DYN_END: 0xffff,
});

/** Bluetooth L2CAP channel ids (strace's xlat/bluetooth_l2_cid.in). */
export const BLUETOOTH_L2_CIDS: Xlat = xlat({
  L2CAP_CID_SIGNALING: 0x0001,
  L2CAP_CID_CONN_LESS: 0x0002,
  L2CAP_CID_A2MP: 0x0003,
  L2CAP_CID_ATT: 0x0004,
  L2CAP_CID_LE_SIGNALING: 0x0005,
  L2CAP_CID_SMP: 0x0006,
  L2CAP_CID_SMP_BREDR: 0x0007,
  L2CAP_CID_DYN_START: 0x0040,
  L2CAP_CID_LE_DYN_END: 0x007f,
  L2CAP_CID_DYN_END: 0xffff,
});

/** Bluetooth address types (strace's xlat/bdaddr_types.in). */
export const BDADDR_TYPES: Xlat = xlat({
  BDADDR_BREDR: 0,
  BDADDR_LE_PUBLIC: 1,
  BDADDR_LE_RANDOM: 2,
});

/** IEEE 802.15.4 address types (strace's xlat/ieee802154_addr_types.in). */
export const IEEE802154_ADDR_TYPES: Xlat = xlat({
  IEEE802154_ADDR_NONE: 0,
  IEEE802154_ADDR_SHORT: 2,
  IEEE802154_ADDR_LONG: 3,
});

/** IEEE 802.15.4 special short addresses (strace's xlat/ieee802154_addrs.in). */
export const IEEE802154_ADDRS: Xlat = xlat({
  IEEE802154_ADDR_UNDEF: 0xfffe,
  IEEE802154_ADDR_BROADCAST: 0xffff,
});

/** IEEE 802.15.4 special PAN ids (strace's xlat/ieee802154_pan_ids.in). */
export const IEEE802154_PAN_IDS: Xlat = xlat({
  IEEE802154_PANID_BROADCAST: 0xffff,
});

/** AF_ALG's salg_feat and salg_mask (strace's xlat/alg_sockaddr_flags.in). */
export const ALG_SOCKADDR_FLAGS: Xlat = xlat({
  CRYPTO_ALG_KERN_DRIVER_ONLY: 0x1000,
});

/** AF_NFC's nfc_protocol (strace's xlat/nfc_sockaddr_protocols.in). */
export const NFC_PROTOCOLS: Xlat = xlat({
  NFC_PROTO_JEWEL: 1,
  NFC_PROTO_MIFARE: 2,
  NFC_PROTO_FELICA: 3,
  NFC_PROTO_ISO14443: 4,
  NFC_PROTO_NFC_DEP: 5,
  NFC_PROTO_ISO14443_B: 6,
  NFC_PROTO_ISO15693: 7,
});

/** NFC LLCP service access points (strace's xlat/nfc_saps.in). */
export const NFC_SAPS: Xlat = xlat({
  LLCP_SAP_SDP: 0x1,
  LLCP_SAP_IP: 0x2,
  LLCP_SAP_OBEX: 0x3,
  LLCP_SAP_SNEP: 0x4,
  LLCP_SAP_MAX: 0xff,
});

/** AF_VSOCK's special context ids (strace's xlat/vsock_cids.in). */
export const VSOCK_CIDS: Xlat = xlat({
  VMADDR_CID_HYPERVISOR: 0,
  VMADDR_CID_LOCAL: 1,
  VMADDR_CID_HOST: 2,
  VMADDR_CID_ANY: 0xffffffff,
});

/** AF_VSOCK's special ports (strace's xlat/vsock_ports.in). */
export const VSOCK_PORTS: Xlat = xlat({
  VMADDR_PORT_ANY: 0xffffffff,
});

/** AF_VSOCK's svm_flags (strace's xlat/vsock_flags.in). */
export const VSOCK_FLAGS: Xlat = xlat({
  VMADDR_FLAG_TO_HOST: 0x1,
});

/** AF_QIPCRTR's special nodes (strace's xlat/qipcrtr_nodes.in). */
export const QIPCRTR_NODES: Xlat = xlat({
  QRTR_NODE_BCAST: 0xffffffff,
});

/** AF_QIPCRTR's special ports (strace's xlat/qipcrtr_ports.in). */
export const QIPCRTR_PORTS: Xlat = xlat({
  QRTR_PORT_CTRL: 0xfffffffe,
});

/** AF_XDP's sxdp_flags (strace's xlat/xdp_sockaddr_flags.in). */
export const XDP_SOCKADDR_FLAGS: Xlat = xlat({
  XDP_SHARED_UMEM: 0x1,
  XDP_COPY: 0x2,
  XDP_ZEROCOPY: 0x4,
  XDP_USE_NEED_WAKEUP: 0x8,
});

/** AF_MCTP's special networks (strace's xlat/mctp_nets.in). */
export const MCTP_NETS: Xlat = xlat({
  MCTP_NET_ANY: 0x0,
});

/** AF_MCTP's special addresses (strace's xlat/mctp_addrs.in). */
export const MCTP_ADDRS: Xlat = xlat({
  MCTP_ADDR_NULL: 0x00,
  MCTP_ADDR_ANY: 0xff,
});
