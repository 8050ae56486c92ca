/** Answers to carrier keywords, per language; `{restaurant}` is filled in. */
export const KEYWORD_TEXTS = {
  en: {
    optOut: '{restaurant}: you are unsubscribed and will get no more texts from us. Reply START to subscribe again.',
    optIn: '{restaurant}: you will get order updates by text again. Reply STOP to opt out, HELP for help.',
    help: '{restaurant} order updates. Reply STATUS for your latest order, CANCEL ORDER to ask us to cancel it, STOP to opt out. Msg & data rates may apply.',
  },
  es: {
    optOut: '{restaurant}: te has dado de baja y no recibirás más mensajes. Responde START para volver a suscribirte.',
    optIn: '{restaurant}: volverás a recibir avisos de tus pedidos. Responde STOP para darte de baja, HELP para ayuda.',
    help: 'Avisos de {restaurant}. Responde STATUS para tu último pedido, CANCEL ORDER para pedir que lo cancelemos, STOP para darte de baja.',
  },
} as const;
